import type { CoreProblem, Issue } from '../../core/pipeline/problems.js';
import type { WireResponse } from '../../core/service/module.js';
import type { WebflowExchange } from './scratch.js';
import { s3ErrorWire, type S3Problem } from '../../core/files/s3-errors.js';

export type WebflowProblem =
  | CoreProblem
  /** Any error in Webflow's one shape. */
  | { kind: 'webflow'; status: number; code: string; message: string }
  /** The presigned upload and object routes answer as S3 does. */
  | S3Problem;

export const webflowError = (status: number, code: string, message: string): WebflowProblem => ({ kind: 'webflow', status, code, message });

/** The reference's 404 message for a site (get-site's example). */
export const SITE_NOT_FOUND = 'Requested resource not found: The site cannot be found';

// `message` first: the key order of every body captured from the live service (the reference's examples put `code` first).
const body = (status: number, code: string, message: string, headers?: WireResponse['headers'], details: Detail[] = []): WireResponse => ({
  status,
  json: { message, code, externalReference: null, details },
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

/** One `details` entry as Webflow writes it for a field that fails validation (webflow/js-webflow-api#165). */
interface Detail {
  param: string;
  description: string;
}

/** What is wrong with the field (ASSUMED wording; Webflow's is known only for an unknown field). */
function describe(issue: Issue, param: string): string {
  const s = issue.schema ?? {};
  switch (issue.keyword) {
    case 'required':
      return 'Field is required';
    case 'maxLength':
      return `Must be less than ${Number(s['maxLength']) + 1} characters`;
    case 'minLength':
      return 'Must not be empty';
    case 'pattern':
      return 'Is not valid';
    case 'maximum':
      return `Must be at most ${String(s['maximum'])}`;
    case 'minimum':
      return `Must be at least ${String(s['minimum'])}`;
    case 'type':
      return `Must be ${Array.isArray(s['type']) ? s['type'].join(' or ') : String(s['type'])}`;
    default:
      return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
}

function detail(issue: Issue): Detail {
  const param = issue.path.length ? issue.path.join('.') : issue.in;
  return { param, description: describe(issue, param) };
}

export function mapProblem(problem: WebflowProblem, ex: WebflowExchange): WireResponse {
  switch (problem.kind) {
    case 's3':
      return s3ErrorWire(problem, ex);
    case 'webflow':
      return body(problem.status, problem.code, problem.message);
    case 'validation': {
      // A body that is not a JSON object is malformed, not invalid.
      if (problem.issues.some((i) => i.in === 'body' && i.path.length === 0)) return body(400, ...GENERIC[400]!);
      // Webflow's field errors: "Validation Error" and one {param, description} per field (webflow/js-webflow-api#165).
      return body(400, 'validation_error', 'Validation Error', undefined, problem.issues.map(detail));
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
      // From the limiter, X-RateLimit-* come with every answer (index.ts `finish`); from an injected fault, say none are left.
      return body(429, ...GENERIC[429]!, { 'Retry-After': String(problem.retryAfterSeconds), ...(ex.scratch?.rateLimit === undefined ? { 'X-RateLimit-Remaining': '0' } : {}) });
    case 'status': {
      const [code, message] = GENERIC[problem.status] ?? ['internal_error', 'An Internal Error occurred'];
      return body(problem.status, code, message);
    }
    case 'internal':
      return body(500, ...GENERIC[500]!);
  }

}
