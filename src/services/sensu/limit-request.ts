import type { Request } from 'express';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { Stage } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';
import { ASSET, TOKENS, asGoStruct } from './go-types.js';

const FORM = 'application/x-www-form-urlencoded';

/** Whether Go's ParseForm reads the body: LimitRequest adds a form Content-Type when none was sent. */
export function isFormBody(contentType: string | undefined): boolean {
  return !contentType || contentType.split(';')[0]!.trim().toLowerCase() === FORM;
}

/** Go's url.ParseQuery fails only on a bad %-escape (Go 1.12). */
function parsesAsQuery(s: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(s);
}

const exceeded = () => new ServiceError<SensuProblem>({ kind: 'http_error', status: 500, text: 'Request exceeded max length' });

/**
 * LimitRequest's ParseForm on the query alone, as the auth routes meet it: their RefreshToken middleware
 * has read the body already (or, on GET, ParseForm never reads one).
 */
export function limitRequestQuery(req: Request): void {
  const q = req.originalUrl.indexOf('?');
  if (q !== -1 && !parsesAsQuery(req.originalUrl.slice(q + 1))) throw exceeded();
}

/**
 * What the handler's JSON decoder sees (research §5). On the core API, LimitRequest parses the form:
 * a bad %-escape in the query or a form body answers 500 `Request exceeded max length`, and a form (or
 * untyped) body is swallowed, so the decoder sees EOF. Then the body takes the shape Go's struct gives
 * it: null is an empty struct, keys match fields case-insensitively.
 */
export const asGoDecodes: Stage<SensuData> = (req, ctx) => {
  const coreApi = ctx.operation.path.startsWith('/api/');
  // Go's r.URL.Query().Get takes the first of repeated values.
  const query: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req.query)) Object.defineProperty(query, k, { value: Array.isArray(v) ? v[0] : v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
  if (coreApi) {
    limitRequestQuery(req);
    const formBody = isFormBody(req.headers['content-type']) && typeof req.body === 'string' ? req.body : '';
    if (!parsesAsQuery(formBody)) throw exceeded();
    if (isFormBody(req.headers['content-type'])) req.body = undefined;
  }
  if (!ctx.operation.operation.requestBody) return;
  req.headers['content-type'] = 'application/json'; // Go's decoder ignores the Content-Type
  if (req.body === null) req.body = {};
  req.body = asGoStruct(req.body, coreApi ? ASSET : TOKENS);
};
