import type { RequestExchange } from './exchange.js';
import { ServiceError, type CoreProblem } from './problems.js';
import { toIssues, type ValidatorErrorItem } from './issues.js';
import { DEFAULT_BODY_LIMIT } from './body.js';

interface HttpishError {
  status?: number;
  type?: string;
  errors?: unknown;
  limit?: number;
}

/**
 * Turns anything thrown inside a service's pipeline into a problem: a ServiceError carries its own;
 * express-openapi-validator and body-parser errors are read by status and type; the rest is `internal`.
 */
export function normalize(err: unknown, ex: RequestExchange): { problem: { kind: string }; unexpected: boolean } {
  if (err instanceof ServiceError) return { problem: err.problem as { kind: string }, unexpected: false };
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpishError;
  const core = (p: CoreProblem) => ({ problem: p, unexpected: false });
  switch (e.type) {
    case 'entity.too.large':
      return core({ kind: 'payload_too_large', limit: e.limit ?? DEFAULT_BODY_LIMIT });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return core({ kind: 'unsupported_media_type', contentType: ex.req.headers['content-type'] });
    case 'request.size.invalid':
    case 'request.aborted':
      return core({ kind: 'malformed_body', reason: 'syntax', text: '', error: err });
  }
  if (e.status === 400 && Array.isArray(e.errors) && ex.operation) {
    return core({ kind: 'validation', issues: toIssues(e.errors as ValidatorErrorItem[], ex, ex.operation, ex.rawParams) });
  }
  if (e.status === 415) return core({ kind: 'unsupported_media_type', contentType: ex.req.headers['content-type'] });
  if (e.status === 413) return core({ kind: 'payload_too_large', limit: DEFAULT_BODY_LIMIT });
  return { problem: { kind: 'internal' }, unexpected: true };
}
