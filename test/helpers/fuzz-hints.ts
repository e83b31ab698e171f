import type { SpecOperation } from '../../src/core/boot/spec.js';
import type { TestApp } from './app.js';
import type { Schema } from './schema-arbitrary.js';

/**
 * What the fuzzer needs beyond a service's spec to make its valid requests valid: the rules the spec
 * states only in prose, because the real service checks them in its handler with its own error (so
 * the spec's schema stays loose on purpose). A service without hints is still fuzzed, from the spec
 * alone.
 */
export interface FuzzHints {
  /** Narrower schemas for body properties and query parameters of that name, anywhere in the service (or in `op`'s requests). */
  refine?: (seeded: Record<string, string>, op?: SpecOperation) => Record<string, Schema>;
  /** Whole body schemas by operationId where the spec's is type-only by design. */
  bodies?: Record<string, Schema>;
  /** Per-request credentials (and body fields) for operations the kit's credentials do not fit. */
  session?: (t: TestApp, op: SpecOperation) => Promise<{ headers: Record<string, string>; body?: Record<string, unknown> } | undefined>;
  /** Path parameters the kit's seed does not give for an operation (on top of the seeded ones). */
  params?: (t: TestApp, op: SpecOperation, seeded: Record<string, string>) => Promise<Record<string, string> | undefined>;
  /** Whether each request of an operation uses up its resources (default: a DELETE), so needs fresh ones. */
  consumes?: (op: SpecOperation) => boolean;
  /** A documented 4xx other than 404/409 that answers a valid request as a business outcome (a duplicate). */
  business?: (op: SpecOperation, status: number, text: string) => boolean;
}
