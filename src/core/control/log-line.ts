import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Issue } from '../pipeline/problems.js';
import type { Recorded } from './recorder.js';

const REASON_MAX = 300;


const clip = (s: string) => (s.length > REASON_MAX ? `${s.slice(0, REASON_MAX)}…` : s);

function issueText(i: Issue): string {
  const at = [i.in, i.path.join('.')].filter(Boolean).join(' ');
  return `${at}: ${i.message}`;
}

/** The first problem that made the answer, in a line: what a person debugging a 4xx wants to read. */
export function reasonOf(problem: { kind: string } | undefined, body: Buffer | undefined): string | undefined {
  if (!problem) return body?.length ? clip(body.subarray(0, REASON_MAX + 1).toString('utf8')) : undefined;
  const p = problem as { kind: string } & Record<string, unknown>;
  switch (p.kind) {
    case 'validation': {
      const issues = p['issues'] as Issue[];
      return clip(`${issues[0] ? issueText(issues[0]) : 'invalid request'}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    }
    case 'route_not_found':
      return 'no operation of the service at this path';
    case 'method_not_allowed':
      return `method not allowed here; allowed: ${(p['allow'] as string[]).join(', ')}`;
    case 'malformed_body':
      return clip(`body cannot be decoded (${String(p['reason'])}): ${(p['error'] as Error | undefined)?.message ?? ''}`);
    case 'unsupported_media_type':
      return `unsupported Content-Type ${String(p['contentType'] ?? '(none)')}`;
    case 'payload_too_large':
      return `body over the limit of ${String(p['limit'])} bytes`;
    case 'status':
      return `status ${String(p['status'])} asked for`;
    case 'rate_limited':
      return `rate limited (retry after ${String(p['retryAfterSeconds'])} s)`;
    default: {
      // A service's own problem: its words when it has them.
      const words = ['message', 'detail', 'error', 'code'].map((k) => p[k]).find((v) => typeof v === 'string');
      return clip(typeof words === 'string' ? `${p.kind}: ${words}` : `${p.kind}: ${JSON.stringify(p)}`);
    }
  }
}

/** The path as the client sent it, without its query (which may carry keys and signatures). */
function pathOf(req: IncomingMessage): string {
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * One line per request once its response closes: method, path, status (or a dropped connection), time,
 * service, operation and sandbox, marked when a fault, a Prefer header or no operation produced it; at
 * debug, why a 4xx was refused.
 */
export function logRequest(log: Logger, f: Recorded): void {
  if (!log.isLevelEnabled('info')) return;
  const method = f.req.method ?? 'GET';
  const path = pathOf(f.req);
  const dropped = !f.res.writableFinished;
  const status = f.res.statusCode;
  const ms = Math.round((performance.now() - f.started) * 10) / 10;
  const marks = [
    f.fault ? `fault ${f.fault}` : '',
    f.prefer ? `Prefer ${f.prefer}` : '',
    f.matched || f.fault ? '' : 'no operation',
    f.sandbox !== 'default' ? `sandbox ${f.sandbox}` : '',
  ].filter(Boolean);
  const operationId = f.operation?.operationId;
  const what = [f.service ?? 'outside any service', operationId].filter(Boolean).join(' ');
  const reason = !dropped && status >= 400 && status < 500 && log.isLevelEnabled('debug') ? reasonOf(f.problem, f.responseBody) : undefined;
  const fields = {
    method,
    path,
    ...(dropped ? { dropped: true } : { status }),
    ms,
    service: f.service,
    operation: operationId ?? null,
    sandbox: f.sandbox,
    ...(f.fault ? { fault: f.fault } : {}),
    ...(f.prefer ? { prefer: f.prefer } : {}),
    ...(f.matched ? {} : { unmatched: true }),
    ...(reason ? { reason } : {}),
  };
  const outcome = dropped ? 'connection dropped' : String(status);
  log.info(fields, `${method} ${path} → ${outcome} ${ms} ms  ${what}${marks.length ? `  [${marks.join('; ')}]` : ''}`);
}

/** The fields a pretty (terminal) log leaves out: its message says them already. */
export const REQUEST_FIELDS = ['method', 'path', 'status', 'dropped', 'ms', 'service', 'operation', 'sandbox', 'fault', 'prefer', 'unmatched', 'admin'];
