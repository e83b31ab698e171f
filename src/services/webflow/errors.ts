import type { Request } from 'express';
import type { CoreProblem, Issue } from '../../core/problem.js';
import type { WireResponse } from '../../core/service-module.js';

export type WebflowProblem =
  | CoreProblem
  /** Any error in Webflow's one shape. */
  | { kind: 'webflow'; status: number; code: string; message: string };

export const webflowError = (status: number, code: string, message: string): WebflowProblem => ({ kind: 'webflow', status, code, message });

const body = (status: number, code: string, message: string, headers?: WireResponse['headers']): WireResponse => ({
  status,
  json: { code, message, externalReference: null, details: [] },
  ...(headers ? { headers } : {}),
});

const GENERIC: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad Request: Request is malformed'],
  401: ['not_authorized', 'Request not authorized'],
  403: ['forbidden', 'User is not authorized to perform this action'],
  404: ['resource_not_found', 'Requested resource not found'],
  409: ['conflict', 'Conflict: Resource already exists'],
  429: ['too_many_requests', 'Too many requests'],
  500: ['internal_error', 'An Internal Error occurred'],
};

/** "Validation Error: …" in words a client can act on (ASSUMED wording; Webflow documents only the prefix). */
function describe(issue: Issue): string {
  const name = issue.path.length ? String(issue.path[issue.path.length - 1]) : issue.in;
  const s = issue.schema ?? {};
  switch (issue.keyword) {
    case 'required':
      return `${name} is required`;
    case 'maxLength':
      return `${name} must be less than ${Number(s['maxLength']) + 1} characters`;
    case 'minLength':
      return `${name} must not be empty`;
    case 'pattern':
      return name === 'fileHash' ? 'fileHash must be an MD5 hash (32 hex characters)' : `${name} is not valid`;
    case 'maximum':
      return `${name} must be at most ${String(s['maximum'])}`;
    case 'minimum':
      return `${name} must be at least ${String(s['minimum'])}`;
    case 'type':
      return `${name} must be ${Array.isArray(s['type']) ? s['type'].join(' or ') : String(s['type'])}`;
    default:
      return `${name} ${issue.message}`;
  }
}

export function mapProblem(problem: WebflowProblem, _req: Request): WireResponse {
  switch (problem.kind) {
    case 'webflow':
      return body(problem.status, problem.code, problem.message);
    case 'validation': {
      // A body that is not a JSON object is malformed, not invalid.
      if (problem.issues.some((i) => i.in === 'body' && i.path.length === 0)) return body(400, ...GENERIC[400]!);
      return body(400, 'validation_error', `Validation Error: ${problem.issues.map(describe).join('; ')}`);
    }
    case 'malformed_body':
    case 'unsupported_media_type':
      return body(400, ...GENERIC[400]!);
    case 'route_not_found':
    case 'method_not_allowed':
      return body(404, ...GENERIC[404]!);
    case 'payload_too_large':
      return body(413, 'bad_request', 'Bad Request: Request body is too large');
    case 'rate_limited':
      // From the limiter, X-RateLimit-* are already set; from an injected fault, say none are left.
      return body(429, ...GENERIC[429]!, { 'Retry-After': String(problem.retryAfterSeconds), ...(_req.res?.getHeader('X-RateLimit-Remaining') === undefined ? { 'X-RateLimit-Remaining': '0' } : {}) });
    case 'status': {
      const [code, message] = GENERIC[problem.status] ?? ['internal_error', 'An Internal Error occurred'];
      return body(problem.status, code, message);
    }
    case 'internal':
      return body(500, ...GENERIC[500]!);
  }

}
