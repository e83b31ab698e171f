import type { SpecOperation } from '../boot/spec.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { AnyService } from '../service/module.js';
import type { Issue } from './problems.js';
import type { CoreProblem } from './problems.js';
import type { RequestExchange } from './exchange.js';
import { setOwn } from '../state/own.js';
import type { SpecValidator, ValidatorRequest } from './validator.js';
import { normalize } from './normalize.js';

/** The query as the framework reads a repeated parameter: the first value (Go), the last (Starlette), or all. */
function readQuery(parsed: Record<string, unknown>, repeated: 'first' | 'last' | 'all'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) setOwn(out, k, Array.isArray(v) && repeated !== 'all' ? v[repeated === 'first' ? 0 : v.length - 1] : v);
  return out;
}

/** Headers as the framework reads a repeated one: Node's joined value, or its first occurrence. */
function readHeaders(ex: RequestExchange, repeated: 'first' | 'joined'): IncomingHttpHeaders {
  const sent = ex.req.headers;
  if (repeated === 'joined') return sent;
  let out: IncomingHttpHeaders | undefined;
  for (const name in sent) {
    const v = sent[name];
    // Without a comma a value cannot be a join of repeats (and headersDistinct, built whole, is not needed).
    if (typeof v !== 'string' || !v.includes(',')) continue;
    const first = ex.req.headersDistinct[name]?.[0];
    if (first !== undefined && first !== v) (out ??= { ...sent })[name] = first;
  }
  return out ?? sent;
}

/** The request line and headers as the framework reads them, once routed: before any check runs. */
export function readRequest(m: AnyService, ex: RequestExchange): void {
  const f = m.framework;
  ex.headers = readHeaders(ex, f.repeatedHeader ?? 'joined');
  const query = readQuery(ex.req.query as Record<string, unknown>, f.repeatedQuery);
  ex.query = f.bindQuery ? f.bindQuery(query, ex) : query;
}

/**
 * Binds the body as the service's framework reads it, into the exchange (as the framework binds it,
 * and the media type it is decoded as). Nothing of the node request changes.
 */
export function bindReading(m: AnyService, ex: RequestExchange): Promise<void> | undefined {
  const f = m.framework;
  if (f.bodyMediaType && ex.operation?.operation.requestBody && ex.headers['content-type'] !== f.bodyMediaType) {
    ex.headers = { ...ex.headers, 'content-type': f.bodyMediaType };
  }
  const body = f.bindBody?.(ex);
  if (body instanceof Promise) return body.then((b) => void (ex.body = b));
  if (f.bindBody) ex.body = body;
  return undefined;
}

/** The spec's `requestBody.required` counts for a missing body whatever the body schema requires. */
function missingBody(ex: RequestExchange, problem: CoreProblem | undefined): CoreProblem | undefined {
  const requestBody = ex.operation?.operation.requestBody as { required?: boolean } | undefined;
  if (!requestBody?.required || ex.body !== undefined) return problem;
  const missing: Issue = { in: 'body', path: [], keyword: 'required', message: "must have required property 'body'", present: false, value: undefined, parent: undefined, schema: undefined };
  if (!problem) return { kind: 'validation', issues: [missing] };
  if (problem.kind !== 'validation' || problem.issues.some((i) => i.in === 'body' && i.path.length === 0)) return problem;
  return { kind: 'validation', issues: [...problem.issues, missing] };
}

const declaresCookies = new WeakMap<SpecOperation, boolean>();

/** The Cookie header as name → value (RFC 6265 pairs, values percent-decoded where they decode), when the operation declares cookie parameters. */
function cookiesFor(op: SpecOperation, header: string | undefined): Record<string, string> | undefined {
  let declares = declaresCookies.get(op);
  if (declares === undefined) declaresCookies.set(op, (declares = op.parameters.some((p) => p.in === 'cookie')));
  if (!declares) return undefined;
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      value = decodeURIComponent(value);
    } catch {
      // kept as sent
    }
    if (!Object.hasOwn(out, name)) setOwn(out, name, value);
  }
  return out;
}

/**
 * Validates the exchange's reading against its operation and takes the validator's coercions back (query
 * values as the spec's types). A HEAD is validated as the GET it was routed to. Returns the problem, if any.
 */
export async function validateReading(validator: SpecValidator, ex: RequestExchange): Promise<CoreProblem | undefined> {
  const op = ex.operation!;
  const url = ex.rawQuery ? `${ex.path}?${ex.rawQuery}` : ex.path;
  const view: ValidatorRequest = {
    method: op.method.toUpperCase(), url, originalUrl: url, path: ex.path, baseUrl: '',
    headers: ex.headers, query: ex.query, params: {}, body: ex.body, cookies: cookiesFor(op, ex.headers['cookie']), app: ex.req.app,
  };
  let problem: CoreProblem | undefined;
  try {
    await validator(view, op, ex.rawParams);
  } catch (err) {
    ex.query = view.query;
    ex.body = view.body;
    const n = normalize(err, ex);
    if (n.unexpected) throw err;
    problem = n.problem as CoreProblem;
  }
  ex.query = view.query;
  ex.body = view.body;
  return missingBody(ex, problem);
}
