import type { TestApp } from './app.js';
import type { FuzzHints } from './fuzz-hints.js';

export type Tenant = 'a' | 'b';

/**
 * What the registry-driven reliability tests need to know about a service, and nothing else: each
 * service puts one in `test/<name>/kit.ts`, so a new service is covered without new test code.
 */
export interface ServiceKit {
  /** Headers that authenticate as tenant a or b (logging in first where the service needs it). */
  auth(t: TestApp, tenant: Tenant): Promise<Record<string, string>>;
  /** The status the service answers with no credentials at all. */
  unauthenticated: number;
  /** Tenant a's key in the store (program-id, account, namespace, site). */
  tenantKeyA: string;
  /** Creates tenant a's data carrying `marker`; returns path-parameter values that address it. */
  seed(t: TestApp, marker: string): Promise<Record<string, string>>;
  /** Path-parameter values tenant b uses for its own resources (e.g. its namespace or site). */
  paramsOf(tenant: Tenant, seeded: Record<string, string>): Record<string, string>;
  /** Stores `text` in a string field and reads it back as the service returns it. */
  roundtrip(t: TestApp, text: string): Promise<string>;
  /** Operations that by design span tenants for this credential (e.g. a cluster admin's list of every namespace). */
  spansTenants?: (op: { method: string; path: string }) => boolean;
  /** Operations a credential without the right scope or role must be refused (403), with that credential. */
  forbidden?: { headers(t: TestApp): Promise<Record<string, string>>; operations: (op: { method: string; path: string }) => boolean };
  /** What the spec fuzzer needs beyond the spec to make its valid requests valid. */
  fuzz?: FuzzHints;
}

export async function kitFor(service: string): Promise<ServiceKit> {
  const mod = (await import(`../${service}/kit.ts`)) as { kit: ServiceKit };
  return mod.kit;
}

/** A spec path with its parameters filled in. */
export function fillPath(template: string, params: Record<string, string>, fallback = 'x'): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? fallback));
}
