import { ServiceError } from '../../core/pipeline/problems.js';
import type { Exchange, Stage } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';
import { asGoStruct, bodyStructOf } from './go-types.js';

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
const isCoreApi = (ex: Exchange<SensuData>) => ex.operation?.path.startsWith('/api/') ?? false;

/**
 * LimitRequest's ParseForm on the query alone, as the auth routes meet it: their RefreshToken middleware
 * has read the body already (or, on GET, ParseForm never reads one).
 */
export function limitRequestQuery(ex: Exchange<SensuData>): void {
  if (ex.rawQuery && !parsesAsQuery(ex.rawQuery)) throw exceeded();
}

/**
 * The core API's LimitRequest middleware (5.11.0 backend/apid/middlewares/limitrequest.go) parses the
 * form: a bad %-escape in the query or in a form body answers 500 `Request exceeded max length`.
 */
export const limitRequest: Stage<SensuData> = (_req, ex) => {
  if (!isCoreApi(ex)) return;
  limitRequestQuery(ex);
  const formBody = isFormBody(ex.req.headers['content-type']) && typeof ex.body === 'string' ? ex.body : '';
  if (!parsesAsQuery(formBody)) throw exceeded();
};

/**
 * The body as the handler's json.Decoder fills Go's struct: on the core API a form (or untyped) body was
 * swallowed by ParseForm, so the decoder sees EOF; null is an empty struct; keys match fields
 * case-insensitively. The Content-Type plays no part (see `bodyMediaType`).
 */
export function goBody(ex: Exchange<SensuData>): unknown {
  const coreApi = isCoreApi(ex);
  const body = coreApi && isFormBody(ex.req.headers['content-type']) ? undefined : ex.body;
  if (!ex.operation?.operation.requestBody) return body;
  return asGoStruct(body === null ? {} : body, bodyStructOf(ex.operation.operationId));
}
