import { STATUS_CODES } from 'node:http';
import type { CoreProblem } from '../../core/pipeline/problems.js';
import type { Exchange, WireResponse } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import { GoJsonError, goMarshal } from './go-json.js';
import { bodyStructOf, firstInDocument, unmarshalTypeError } from './go-types.js';

type Ex = Exchange<SensuData>;

/** Sensu's error codes (5.11.0:backend/apid/actions/error.go). */
export const Code = { Internal: 0, InvalidArgument: 1, NotFound: 2, AlreadyExists: 3, PermissionDenied: 4, Unauthenticated: 5, PaymentRequired: 6 } as const;

export type SensuProblem =
  | CoreProblem
  /** Shape A: a handler's `{"message","code"}` (routers.WriteError). */
  | { kind: 'handler_error'; code: number; message: string }
  /** Shape B: a middleware's `{"Code","Message"}` (no json tags on actions.Error). */
  | { kind: 'middleware_error'; code: 4 | 5; message: string }
  /** Shape C: Go's http.Error, plain text plus a newline. */
  | { kind: 'http_error'; status: number; text: string }
  /** mux's answer to a path that is not clean: 301 to the clean one. */
  | { kind: 'moved'; location: string }
  /** net/http's answer to a request line it cannot parse (e.g. a bad %-escape in the path). */
  | { kind: 'bad_request_line' };

const SNIFFED = 'text/plain; charset=utf-8';
const HANDLER_STATUS: Record<number, number> = { 0: 500, 1: 400, 2: 404, 3: 409, 6: 402 };
const MIDDLEWARE_STATUS: Record<number, number> = { 0: 500, 1: 400, 2: 404, 3: 409, 4: 403, 5: 401 };

/** json.Marshal of the error struct, so `<`, `>` and `&` in a message come out as \u003c, \u003e, \u0026. */
export function handlerError(code: number, message: string, status = HANDLER_STATUS[code] ?? 500, headers: WireResponse['headers'] = {}): WireResponse {
  return { status, headers: { 'X-Content-Type-Options': 'nosniff', ...headers }, raw: goMarshal({ message, code }), contentType: SNIFFED };
}

function middlewareError(code: number, message: string, status = MIDDLEWARE_STATUS[code] ?? 500): WireResponse {
  return { status, raw: goMarshal({ Code: code, Message: message }), contentType: SNIFFED };
}

export function httpError(status: number, text: string, headers: WireResponse['headers'] = {}): WireResponse {
  return { status, headers: { 'X-Content-Type-Options': 'nosniff', ...headers }, raw: `${text}\n`, contentType: SNIFFED };
}

/** Auth routes answer decoding errors as plain text; the core API as shape A. */
function isAuthRoute(ex: Ex): boolean {
  return ex.operation?.path.startsWith('/auth') ?? false;
}

function badBody(ex: Ex, message: string): WireResponse {
  return isAuthRoute(ex) ? httpError(400, message) : handlerError(Code.InvalidArgument, message);
}

/** net/http's refusal of a request line it cannot parse (request-line.ts finds one). */
const BAD_REQUEST_LINE: WireResponse = { status: 400, headers: { Connection: 'close' }, raw: '400 Bad Request', contentType: SNIFFED, beforeOperation: true };

// mux's notFoundHandler uses json.NewEncoder on a map: sorted keys and a newline.
const NOT_FOUND: WireResponse = { status: 404, raw: '{"code":2,"message":"not found"}\n', contentType: SNIFFED };

function statusError(status: number): WireResponse {
  switch (status) {
    case 401:
      return middlewareError(Code.Unauthenticated, 'unauthenticated');
    case 403:
      return middlewareError(Code.PermissionDenied, 'unauthorized to perform action');
    case 400:
      return handlerError(Code.InvalidArgument, 'invalid argument(s) received', status);
    case 404:
      return handlerError(Code.NotFound, 'not found', status);
    case 409:
      return handlerError(Code.AlreadyExists, 'resource already exists', status);
    case 402:
      return handlerError(Code.PaymentRequired, 'license required', status);
    default:
      return handlerError(Code.Internal, status === 500 ? 'internal error occurred' : (STATUS_CODES[status] ?? 'error').toLowerCase(), status);
  }
}

export function mapProblem(problem: SensuProblem, ex: Ex): WireResponse {
  switch (problem.kind) {
    case 'handler_error':
      return handlerError(problem.code, problem.message);
    case 'middleware_error':
      return middlewareError(problem.code, problem.message);
    case 'http_error':
      return httpError(problem.status, problem.text);
    case 'moved':
      return { status: 301, headers: { Location: problem.location }, contentType: null, beforeOperation: true };
    case 'bad_request_line':
      return BAD_REQUEST_LINE;
    case 'route_not_found':
      return NOT_FOUND;
    case 'method_not_allowed':
      return { status: 405, contentType: null };
    case 'validation': {
      const missingBody = problem.issues.find((i) => i.in === 'body' && i.keyword === 'required' && i.path.length === 0);
      if (missingBody) return badBody(ex, 'EOF');
      const first = firstInDocument(problem.issues.filter((i) => i.in === 'body'), ex.body) ?? problem.issues[0];
      if (!first) return badBody(ex, 'invalid argument(s) received');
      return badBody(ex, unmarshalTypeError(bodyStructOf(ex.operation?.operationId), first.path, first.value));
    }
    case 'malformed_body':
      return badBody(ex, problem.error instanceof GoJsonError ? problem.error.message : 'unexpected EOF');
    case 'unsupported_media_type':
      return badBody(ex, 'invalid argument(s) received');
    case 'payload_too_large': {
      // MaxBytesReader fails in the JSON decoder (400) or, for a form or untyped body, in ParseForm (500).
      // The auth routes decode before LimitRequest; Standin's limit still holds there (ASSUMED answer).
      if (isAuthRoute(ex)) return httpError(400, 'http: request body too large');
      const ct = ex.req.headers['content-type'];
      if (!ct || ct.toLowerCase().startsWith('application/x-www-form-urlencoded')) return httpError(500, 'Request exceeded max length');
      return handlerError(Code.InvalidArgument, 'http: request body too large', 400, { Connection: 'close' });
    }
    case 'status':
      return statusError(problem.status);
    case 'rate_limited':
      return httpError(429, 'Too Many Requests', { 'Retry-After': String(problem.retryAfterSeconds) });
    case 'internal':
      return handlerError(Code.Internal, 'internal error occurred');
  }
}
