import type { Request, Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import type { JournalFilter } from '../control/journal/index.js';
import type { RequestMatcher } from '../control/match.js';
import { CoreError } from '../http/core-error.js';
import { globProblem } from '../control/glob.js';
import { clearRequests, countRequests, findRequests } from './actions.js';
import { selectedSandbox } from './params.js';
import type { Answer } from './types.js';

function str(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CoreError(400, 'bad_request', `query parameter '${name}' must be given once`);
  return v;
}

function int(req: Request, name: string, min: number): number | undefined {
  const v = str(req, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new CoreError(400, 'bad_request', `query parameter '${name}' must be a whole number of at least ${min}`);
  return Number(v);
}

/** Filters from the query string: service, method, path (glob), status, since, limit, unmatched. */
function filterOf(req: Request): JournalFilter {
  const since = str(req, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new CoreError(400, 'bad_request', "query parameter 'since' must be an ISO-8601 time");
  const unmatched = str(req, 'unmatched');
  if (unmatched !== undefined && unmatched !== 'true' && unmatched !== 'false') throw new CoreError(400, 'bad_request', "query parameter 'unmatched' must be true or false");
  const path = str(req, 'path');
  if (path !== undefined) checkGlob('path', path);
  return {
    sandbox: selectedSandbox(req),
    service: str(req, 'service'),
    method: str(req, 'method'),
    path,
    status: int(req, 'status', 100),
    since,
    limit: int(req, 'limit', 1),
    unmatched: unmatched === undefined ? undefined : unmatched === 'true',
  };
}

function checkGlob(where: string, glob: string): void {
  const problem = globProblem(glob);
  if (problem) throw new CoreError(400, 'bad_request', `${where}: ${problem}`);
}

/** A matcher from a JSON body (every field optional). */
export function matcherOf(body: unknown): RequestMatcher {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new CoreError(400, 'bad_request', 'the matcher must be a JSON object');
  const m = body as Record<string, unknown>;
  const unknown = Object.keys(m).filter((k) => !['service', 'method', 'path', 'headers', 'query', 'body', 'status'].includes(k));
  if (unknown.length) throw new CoreError(400, 'bad_request', `unknown matcher field(s): ${unknown.join(', ')}; a matcher has service, method, path, headers, query, body, status`);
  for (const k of ['service', 'method', 'path']) if (m[k] !== undefined && typeof m[k] !== 'string') throw new CoreError(400, 'bad_request', `matcher field '${k}' must be a string`);
  if (m['status'] !== undefined && !Number.isInteger(m['status'])) throw new CoreError(400, 'bad_request', "matcher field 'status' must be a whole number");
  for (const k of ['headers', 'query']) {
    const pairs = m[k];
    if (pairs !== undefined && (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs) || Object.values(pairs).some((v) => typeof v !== 'string'))) {
      throw new CoreError(400, 'bad_request', `matcher field '${k}' must map names to strings`);
    }
    for (const [name, glob] of Object.entries((pairs ?? {}) as Record<string, string>)) checkGlob(`matcher field '${k}.${name}'`, glob);
  }
  if (typeof m['path'] === 'string') checkGlob("matcher field 'path'", m['path']);
  return m as RequestMatcher;
}

/** The request journal: list, clear, stream, count and find (WireMock's verification API). */
export function requestRoutes(r: Router, rt: Runtime): void {
  r.get('/requests', async (req, res) => {
    res.json({ requests: await findRequests(rt, filterOf(req)) } satisfies Answer<'list_requests', 200>);
  });
  r.delete('/requests', async (req, res) => {
    res.json({ removed: await clearRequests(rt, selectedSandbox(req)) } satisfies Answer<'clear_requests', 200>);
  });
  r.get('/requests/stream', (req, res) => {
    const filter = filterOf(req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    if (req.method === 'HEAD') return void res.end(); // the headers a GET would get, and no stream
    res.write(': standin request stream\n\n');
    // This instance's requests only: each instance streams what it answers (the stream is not shared).
    const stop = rt.journal.subscribe(res, { ...filter, limit: undefined });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      stop();
    });
  });
  r.post('/requests/count', async (req, res) => {
    res.json({ count: await countRequests(rt, { ...matcherOf(req.body), sandbox: selectedSandbox(req) }) } satisfies Answer<'count_requests', 200>);
  });
  r.post('/requests/find', async (req, res) => {
    res.json({ requests: await findRequests(rt, { ...matcherOf(req.body), sandbox: selectedSandbox(req) }) } satisfies Answer<'find_requests', 200>);
  });
}
