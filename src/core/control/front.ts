import type { Request, RequestHandler, Response } from 'express';
import type { LoadedService, Runtime } from '../runtime.js';
import { writeWire } from '../wire.js';
import { sendAdminError } from '../admin/admin-error.js';
import { ensureSandbox, sandboxOf } from './sandbox.js';
import { nearMisses } from './near-miss.js';

/**
 * Records the request in the journal once its answer is sent (or its connection dropped), and logs one
 * line. The response body is captured by reference from `res.end`, never copied.
 */
export function record(rt: Runtime, req: Request, res: Response, service: string | null, sandbox: string, path: string): void {
  const started = performance.now();
  let body: Buffer | undefined;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    if (Buffer.isBuffer(chunk)) body = chunk;
    else if (typeof chunk === 'string') body = Buffer.from(chunk);
    return end(...args);
  }) as Response['end'];
  // 'close' comes after 'finish' for a sent answer, and alone for a dropped connection.
  res.once('close', () => {
    const state = res.locals.standin;
    const matched = state?.operation !== undefined;
    const q = req.originalUrl.indexOf('?');
    const status = res.writableFinished ? res.statusCode : 0;
    rt.journal.add({
      id: rt.journal.nextId(),
      sandbox,
      service,
      method: req.method,
      path,
      query: q === -1 ? '' : req.originalUrl.slice(q + 1),
      headers: req.headers,
      requestBody: req.rawBody,
      requestType: req.headers['content-type'],
      status,
      responseHeaders: res.getHeaders(),
      responseBody: body,
      responseType: res.getHeader('content-type')?.toString(),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      timestamp: rt.clock.iso(),
      matched,
      ...(state?.operation ? { operationId: state.operation.operationId } : {}),
      ...(!matched && !res.locals.fault ? { nearMisses: nearMisses(rt.services, req.method, req.originalUrl.split('?')[0]!) } : {}),
      ...(res.locals.fault ? { fault: res.locals.fault } : {}),
      ...(res.locals.prefer ? { prefer: res.locals.prefer } : {}),
    });
    if (rt.log.isLevelEnabled('info')) rt.log.info({ service, sandbox, method: req.method, path, status, ms: Math.round(performance.now() - started) }, 'request');
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * What stands in front of every service (on the main port and on its own port): the sandbox (made from
 * the fixtures on first use), the journal, and fault rules, which answer in the service's own shape.
 */
export function serviceFront(rt: Runtime, svc: LoadedService): RequestHandler {
  const name = svc.module.name;
  return async (req, res, next) => {
    const sandbox = sandboxOf(req);
    if (sandbox === undefined) return sendAdminError(res, 400, 'bad_sandbox', 'X-Standin-Sandbox must be 1 to 64 characters of A-Z a-z 0-9 . _ -');
    record(rt, req, res, name, sandbox, req.path);
    await ensureSandbox(rt, sandbox);
    const fault = rt.faults.hit(sandbox, name, req.method, req.path, () => rt.random.int(1_000_000) / 1_000_000);
    if (!fault) return next();
    res.locals.fault = fault.id;
    if (fault.latencyMs !== undefined) {
      const max = fault.latencyMaxMs ?? fault.latencyMs;
      await sleep(fault.latencyMs + rt.random.int(max - fault.latencyMs + 1));
    }
    if (fault.reset) return void req.socket.destroy();
    const problem = fault.rateLimit ? ({ kind: 'rate_limited', retryAfterSeconds: fault.retryAfterSeconds ?? 1 } as const) : fault.status !== undefined ? ({ kind: 'status', status: fault.status } as const) : undefined;
    if (!problem) return next(); // latency only: the request goes on
    res.locals.standin = { service: name, sandbox, params: {}, unchecked: true };
    const wire = fault.body !== undefined && fault.status !== undefined ? { status: fault.status, json: fault.body } : svc.module.mapProblem(problem, req);
    writeWire(res, wire, svc, rt);
  };
}

/** Outside every prefix: journaled as unmatched (with the nearest operations), then a JSON 404. */
export function unmatched(rt: Runtime): RequestHandler {
  const prefixes = rt.services.map((s) => `/${s.module.name}`).join(', ');
  return (req, res) => {
    record(rt, req, res, null, sandboxOf(req) ?? 'default', req.path);
    res.status(404).json({ error: { code: 'not_found', message: `nothing is served at ${req.path}; services are under ${prefixes}, controls under /__admin` } });
  };
}
