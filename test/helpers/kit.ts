import { existsSync } from 'node:fs';
import type { TestApp } from './app.js';
import type { FuzzHints } from './fuzz-hints.js';
import { testKitModules } from './registry.js';

export type Tenant = 'a' | 'b';

/**
 * What the registry-driven reliability tests need to know about a service, and nothing else: each
 * service puts one in `test/<name>/kit.ts` (a test-only service names its kit in test/helpers/registry.ts),
 * so a new service is covered without new test code.
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
  /**
   * The real service's error answer to a status fault, by status: `[content type, body]` as the real
   * service sends them (its documentation's words, not what the mapper happens to write). Checked by
   * test/core/control/faults.test.ts on `realPath`.
   */
  faultAnswers: Record<number, [contentType: string, body: string]>;
  /** A path (with the service's prefix) that a spec operation answers to a GET. */
  realPath: string;
}

/** Where a service's kit is: named in the test registry (test-only services), else `test/<name>/kit.ts`. */
function kitModule(service: string): string {
  return testKitModules[service] ?? `../${service}/kit.ts`;
}

/** The service's kit, or undefined when it has none. */
export async function findKit(service: string): Promise<ServiceKit | undefined> {
  const url = new URL(kitModule(service), import.meta.url);
  if (!existsSync(url)) return undefined;
  return ((await import(url.href)) as { kit: ServiceKit }).kit;
}

const missing = (service: string) => `${service} has no test kit (${kitModule(service).replace(/^\.\.\//, 'test/')})`;

/** Why a service's kit-dependent tests are skipped. */
export const noKit = (service: string) => `${missing(service)}: its kit-dependent tests are skipped`;

/** The service's kit; a service without one is an error naming where the kit belongs. */
export async function kitFor(service: string): Promise<ServiceKit> {
  const kit = await findKit(service);
  if (!kit) throw new Error(missing(service));
  return kit;
}

/** Every named service's kit (undefined for one without a kit, with the reason printed once). */
export async function kitsFor(names: readonly string[]): Promise<Record<string, ServiceKit | undefined>> {
  const out: Record<string, ServiceKit | undefined> = {};
  for (const name of names) {
    out[name] = await findKit(name);
    if (!out[name]) console.warn(noKit(name));
  }
  return out;
}

/** A spec path with its parameters filled in. */
export function fillPath(template: string, params: Record<string, string>, fallback = 'x'): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? fallback));
}
