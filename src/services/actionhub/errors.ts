import { STATUS_CODES } from 'node:http';
import { requestOrigin } from '../../core/http/host.js';
import { ServiceError, type CoreProblem, type Issue } from '../../core/pipeline/problems.js';
import type { WireResponse } from '../../core/service/module.js';
import type { ForbiddenProblem } from './auth.js';
import { PyJsonDecodeError } from './python-json.js';
import { sortIssues, toV1Error, type V1Error } from './v1-errors.js';
import { coercionError, hadNonStringKeys, type ActionhubExchange } from './request.js';

/** An operation's own refusal, FastAPI's `HTTPException(status, detail)`: 404s, the 401 of an existing program. */
export interface DetailProblem {
  kind: 'detail';
  status: 401 | 404;
  detail: string;
}

export type ActionhubProblem = CoreProblem | ForbiddenProblem | DetailProblem;

/** `raise HTTPException(status_code, detail)` in a handler. */
export function refusal(status: DetailProblem['status'], text: string): ServiceError<DetailProblem> {
  return new ServiceError<DetailProblem>({ kind: 'detail', status, detail: text });
}

export const notFound = (text: string) => refusal(404, text);

/** Python's http.HTTPStatus phrases where they differ from Node's. */
const PYTHON_PHRASES: Record<number, string> = { 413: 'Request Entity Too Large', 414: 'Request-URI Too Long', 416: 'Requested Range Not Satisfiable' };

function phrase(status: number): string {
  return PYTHON_PHRASES[status] ?? STATUS_CODES[status] ?? 'Error';
}

function detail(status: number, text: string, headers?: WireResponse['headers']): WireResponse {
  return { status, json: { detail: text }, ...(headers ? { headers } : {}) };
}

/** Starlette's answer to an unhandled exception: plain text, no JSON. */
const INTERNAL_ERROR: WireResponse = { status: 500, raw: 'Internal Server Error', contentType: 'text/plain; charset=utf-8' };

/** Starlette's redirect_slashes: `/assets/` (any method) answers 307 to `/assets` when that is routed, on the request's own Host (when it may be reflected). */
function redirect(ex: ActionhubExchange, path: string): WireResponse {
  const query = ex.rawQuery ? `?${ex.rawQuery}` : '';
  return { status: 307, headers: { location: `${requestOrigin(ex.req, undefined)}${ex.mount}${path}${query}` }, contentType: null };
}

const bodyPointer = (issue: Issue) => issue.path.map((p) => `/${p}`).join('');

function isNonStringKeys(issue: Issue, ex: ActionhubExchange): boolean {
  return issue.in === 'body' && issue.keyword === 'type' && hadNonStringKeys(ex, bodyPointer(issue));
}

/** One issue in v1's words: pydantic's own error where coercion met one (a datetime), else the validator's, reworded. */
function v1Error(issue: Issue, ex: ActionhubExchange): V1Error {
  if (isNonStringKeys(issue, ex)) return nonStringKeysError(issue);
  const own = issue.in === 'body' ? coercionError(ex, bodyPointer(issue)) : undefined;
  return own ? { loc: [issue.in, ...issue.path], ...own } : toV1Error(issue);
}

/**
 * `Model(**dict(pairs))` with a key that is not a string: a plain TypeError, which pydantic v1 reports
 * as `type_error` with Python's text. ASSUMED: the Cython-compiled pydantic of the PyPI wheels,
 * which names `__init__` (pure-Python pydantic says "keywords must be strings").
 */
function nonStringKeysError(issue: Issue): V1Error {
  return { loc: [issue.in, ...issue.path], msg: '__init__() keywords must be strings', type: 'type_error' };
}

export function mapProblem(problem: ActionhubProblem, ex: ActionhubExchange): WireResponse {
  switch (problem.kind) {
    case 'route_not_found':
      return problem.withoutTrailingSlash ? redirect(ex, problem.withoutTrailingSlash) : detail(404, 'Not Found');
    case 'method_not_allowed':
      // Starlette answers from the first route registered for the path, whose methods FastAPI's APIRoute
      // keeps as declared: a GET route does not add HEAD (fastapi#1773).
      return detail(405, 'Method Not Allowed', { allow: problem.operations[0]?.method.toUpperCase() ?? problem.allow[0] ?? 'GET' });
    case 'forbidden':
      return detail(403, 'Could not validate API KEY');
    case 'detail':
      return detail(problem.status, problem.detail);
    case 'malformed_body': {
      const e = problem.error;
      if (problem.reason === 'syntax' && e instanceof PyJsonDecodeError) {
        return {
          status: 422,
          json: { detail: [{ loc: ['body', e.pos], msg: e.message, type: 'value_error.jsondecode', ctx: { msg: e.msg, doc: e.doc, pos: e.pos, lineno: e.lineno, colno: e.colno } }] },
        };
      }
      // FastAPI: any other failure to read the body (bad UTF-8, RecursionError on deep nesting).
      return detail(400, 'There was an error parsing the body');
    }
    case 'validation': {
      const issues = ex.operation ? sortIssues(problem.issues, ex.operation) : problem.issues;
      return { status: 422, json: { detail: issues.map((issue) => v1Error(issue, ex)) } };
    }
    case 'unsupported_media_type':
      return { status: 422, json: { detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] } };
    case 'payload_too_large':
      return detail(413, phrase(413));
    case 'rate_limited':
      return detail(429, phrase(429), { 'retry-after': String(problem.retryAfterSeconds) });
    case 'status':
      return problem.status === 500 ? INTERNAL_ERROR : detail(problem.status, phrase(problem.status));
    case 'internal':
      return INTERNAL_ERROR;
  }
}
