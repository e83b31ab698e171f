import { STATUS_CODES } from 'node:http';
import type { CoreProblem } from '../../core/pipeline/problems.js';
import { requestBodySchema } from '../../core/pipeline/issues.js';
import type { Exchange, WireResponse } from '../../core/service/module.js';
import { s3ErrorWire, type S3Problem } from '../../core/files/s3-errors.js';
import { apipieMessage, invalidParamMessage } from './apipie.js';
import type { MediapocketScratch } from './scratch.js';
import type { MediapocketData } from './store.js';

export type MediapocketProblem =
  | CoreProblem
  | { kind: 'unauthorized' }
  /** `{"error": "<thing> not found"}` (404), or 400 where the docs show it (an asset added to a collection). */
  | { kind: 'not_found'; thing: string; status?: 400 | 404 }
  /** A model validation or other refusal: 400 with Rails' message. */
  | { kind: 'refused'; message: string }
  /** A value the app's own apipie validator refuses (422), e.g. the history cursor's `Invalid cursor`. */
  | { kind: 'invalid_param'; name: string; value: unknown; description: string }
  /** Presigned media URLs answer as S3 does. */
  | S3Problem;

const error = (status: number, message: string, headers?: WireResponse['headers']): WireResponse => ({ status, json: { error: message }, ...(headers ? { headers } : {}) });

export function mapProblem(problem: MediapocketProblem, ex: Exchange<MediapocketData, MediapocketScratch>): WireResponse {
  switch (problem.kind) {
    case 'unauthorized':
      return error(401, 'Unauthorized');
    case 'not_found':
      return error(problem.status ?? 404, `${problem.thing} not found`);
    case 'refused':
      return error(400, problem.message);
    case 'invalid_param':
      return error(422, invalidParamMessage(problem.name, problem.value, problem.description));
    case 's3':
      return s3ErrorWire(problem, ex);
    case 'validation': {
      const schema = ex.operation ? requestBodySchema(ex.operation) : undefined;
      return error(422, apipieMessage(problem.issues, schema, ex.body));
    }
    // Rails routes by path and method together: any miss is a RoutingError, a 404 (ASSUMED body).
    case 'route_not_found':
    case 'method_not_allowed':
      return error(404, 'not found');
    case 'malformed_body':
    case 'unsupported_media_type':
      return error(400, 'Error occurred while parsing request parameters');
    case 'payload_too_large':
      return error(413, 'Payload Too Large');
    case 'rate_limited':
      return error(429, 'Too Many Requests', { 'Retry-After': String(problem.retryAfterSeconds) });
    case 'status':
      return error(problem.status, STATUS_CODES[problem.status] ?? 'Error');
    case 'internal':
      return error(500, 'Internal Server Error');
  }
}
