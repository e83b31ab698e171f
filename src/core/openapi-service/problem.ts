import type { Exchange, WireResponse } from '../service/module.js';
import type { CoreProblem, Issue } from '../pipeline/problems.js';
import type { SecurityFailure } from './security.js';

/** What a mounted document's service refuses besides the core's problems. */
export type DocumentProblem =
  | SecurityFailure
  | { kind: 'not_acceptable'; accept: string; available: string[] }
  /** A `Prefer` that names a status or an example the operation does not document (Prism's 404). */
  | { kind: 'prefer_unknown'; detail: string };

export const PROBLEM_JSON = 'application/problem+json';

/** One failing field, as Prism lists it: where (location, then the path inside it), the rule, the wording. */
export interface Violation {
  location: (string | number)[];
  severity: 'Error';
  code: string;
  message: string;
}

const LOCATION: Record<Issue['in'], string> = { body: 'body', query: 'query', header: 'header', path: 'path', cookie: 'cookie' };

/** A validator issue as a violation; a missing property is named in the location itself. */
export function violation(issue: Issue): Violation {
  const location: (string | number)[] = [LOCATION[issue.in], ...issue.path];
  const missing = issue.keyword === 'required' ? /property '([^']+)'/.exec(issue.message)?.[1] : undefined;
  if (missing !== undefined && location[location.length - 1] !== missing) location.push(missing);
  return { location, severity: 'Error', code: issue.keyword, message: issue.message };
}

function problem(status: number, type: string, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): WireResponse {
  return {
    status,
    headers,
    json: { type: `urn:standin:problem:${type}`, title, status, detail, ...extra },
    contentType: PROBLEM_JSON,
    offSpec: true,
  };
}

/** Prism's rule: the operation's documented 422, else its 400, else 422. */
function validationStatus(ex: Exchange): number {
  const responses = (ex.operation?.operation.responses ?? {}) as Record<string, unknown>;
  return responses['422'] ? 422 : responses['400'] ? 400 : 422;
}

function invalid(ex: Exchange, violations: Violation[]): WireResponse {
  const listed = violations.map((v) => `${v.location.join('.')} ${v.message}`).join('; ');
  const status = validationStatus(ex);
  return problem(status, status === 400 ? 'BAD_REQUEST' : 'UNPROCESSABLE_ENTITY', 'Invalid request', `The request does not match the document: ${listed}`, { validation: violations });
}

/**
 * Every refusal of a mounted document's service, as `application/problem+json` (Prism's convention): the
 * status, a title, a detail that lists every failing field, and for validation a `validation` list.
 */
export function mapDocumentProblem(p: DocumentProblem | CoreProblem, ex: Exchange): WireResponse {
  switch (p.kind) {
    case 'validation':
      return invalid(ex, p.issues.map(violation));
    case 'malformed_body':
      return invalid(ex, [{ location: ['body'], severity: 'Error', code: p.reason === 'syntax' ? 'parse' : 'encoding', message: p.reason === 'syntax' ? 'is not valid JSON' : 'is not valid UTF-8' }]);
    case 'unauthorized': {
      const needs = p.alternatives.map((all) => all.join(' and ')).join(', or ');
      const headers: Record<string, string> = p.challenges.length ? { 'WWW-Authenticate': p.challenges.join(', ') } : {};
      return problem(401, 'UNAUTHORIZED', 'Invalid security scheme used', `The request carries no credential the operation accepts; it needs ${needs}.`, {}, headers);
    }
    case 'unsupported_media_type':
      return problem(415, 'INVALID_CONTENT_TYPE', 'Invalid content type', `The operation takes no body of type '${p.contentType ?? '(none)'}'.`);
    case 'not_acceptable':
      return problem(406, 'NOT_ACCEPTABLE', 'The server cannot produce a representation for your accept header', `Accept '${p.accept}' matches none of ${p.available.join(', ')}.`);
    case 'prefer_unknown':
      return problem(404, 'NOT_FOUND', 'The server cannot find the requested content', p.detail);
    case 'route_not_found':
      return { ...problem(404, 'NO_PATH_MATCHED_ERROR', 'Route not resolved, no path matched', `No path of the document matches ${ex.path}.`), beforeOperation: true };
    case 'method_not_allowed':
      return { ...problem(405, 'NO_METHOD_MATCHED_ERROR', 'Route resolved, but no method matched', `${ex.path} takes ${p.allow.join(', ')}.`, {}, { Allow: p.allow.join(', ') }), beforeOperation: true };
    case 'payload_too_large':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'Payload too large', `The body is larger than ${p.limit} bytes.`);
    case 'rate_limited':
      return problem(429, 'TOO_MANY_REQUESTS', 'Too many requests', 'A fault rule limits the rate of this request.', {}, { 'Retry-After': String(p.retryAfterSeconds) });
    case 'status':
      return problem(p.status, 'FAULT', 'Fault', `A fault rule answers this request with ${p.status}.`);
    case 'internal':
      return problem(500, 'INTERNAL', 'Internal error', 'Standin failed to answer this request.');
  }
}
