import type { SpecOperation } from '../boot/spec.js';

/** Where a validation issue sits, as express-openapi-validator reports it. */
export type IssueLocation = 'path' | 'query' | 'header' | 'cookie' | 'body';

/** One failed check of a request against the spec, with what a service needs to word it its own way. */
export interface Issue {
  in: IssueLocation;
  /** Path inside the location: `['assets', 0, 'asset_id']` for the body, `['program-id']` for a header. */
  path: (string | number)[];
  /** The JSON Schema keyword that failed: `required`, `type`, `maxLength`, `enum`, … */
  keyword: string;
  /** The validator's own wording. */
  message: string;
  /** Whether the value at `path` is present in the request. */
  present: boolean;
  /** The value at `path` (absent: undefined). */
  value: unknown;
  /** The object holding the value (for `required`, the object that lacks the key). */
  parent: unknown;
  /** The schema node at `path`, when the spec has one. */
  schema: Record<string, unknown> | undefined;
}

/**
 * What went wrong, independent of any service's wire shape. Core raises these kinds; each service's
 * error mapper turns them, and its own kinds, into the bytes its real counterpart sends.
 */
export type CoreProblem =
  /** `withoutTrailingSlash`: set when the path minus its trailing slashes is routed (some frameworks redirect). */
  | { kind: 'route_not_found'; withoutTrailingSlash?: string }
  | { kind: 'method_not_allowed'; allow: string[]; operations: SpecOperation[] }
  | { kind: 'validation'; issues: Issue[] }
  | { kind: 'malformed_body'; reason: 'syntax' | 'encoding'; text: string; error: unknown }
  | { kind: 'unsupported_media_type'; contentType: string | undefined }
  | { kind: 'payload_too_large'; limit: number }
  | { kind: 'status'; status: number }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'internal' };

export type ProblemKind = CoreProblem['kind'];

/** Thrown by handlers and stages; the service's error mapper renders it. */
export class ServiceError<P = CoreProblem> extends Error {
  constructor(readonly problem: P | CoreProblem) {
    super(`service error: ${(problem as { kind?: string }).kind ?? 'unknown'}`);
  }
}
