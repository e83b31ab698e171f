import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportState } from '../../src/core/state/seeding.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fillPath, kitsFor, type ServiceKit } from '../helpers/kit.js';
import { testServices, underLoadOptions } from '../helpers/registry.js';

interface MediaLike {
  examples?: Record<string, { value?: unknown }>;
}

/** A plausible body for an operation: its first documented example, else {}. */
function bodyFor(op: { operation: { requestBody?: unknown } }): unknown {
  const content = (op.operation.requestBody as { content?: Record<string, MediaLike> } | undefined)?.content;
  if (!content) return undefined;
  return Object.values(Object.values(content)[0]?.examples ?? {})[0]?.value ?? {};
}

const kits = await kitsFor(testServices.map((s) => s.name));

// Every operation of every registered service and of the fake: tenant and auth isolation.
describe.each(testServices.map((s) => [s.name]))('%s: auth and tenant isolation', (name) => {
  let t: TestApp;
  let kit: ServiceKit;
  let seeded: Record<string, string>;
  const marker = `Marker${Date.now().toString(36)}`;
  // The tenants, credentials and data all come from the kit: without one these are skipped (kitsFor says why).
  const it = kits[name] ? test : test.skip;
  beforeAll(async () => {
    t = await testApp({ services: testServices, options: underLoadOptions() });
    if (!kits[name]) return;
    kit = kits[name];
    seeded = await kit.seed(t, marker);
  });
  afterAll(async () => {
    await t.close();
  });
  const ops = () => t.rt.services.find((s) => s.module.name === name)!.spec.operations;
  const send = (method: string, path: string, headers: Record<string, string>, body: unknown) => {
    const r = t.http[method as 'get'](`/${name}${path}`).set(headers);
    return body === undefined ? r : r.send(body as object);
  };

  it('answers every operation without credentials as the real service does', async () => {
    // Operations the spec marks public (`security: []`, e.g. a readiness probe) need none.
    for (const op of ops().filter((o) => !Array.isArray(o.operation.security) || o.operation.security.length > 0)) {
      const r = await send(op.method, fillPath(op.path, seeded), {}, op.operation.requestBody ? {} : undefined);
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBe(kit.unauthenticated);
    }
  });

  it('never shows or changes tenant a\'s data to tenant b, whatever b asks', async () => {
    const headers = await kit.auth(t, 'b');
    const params = kit.paramsOf('b', seeded);
    const before = JSON.stringify(exportState(t.rt, 'default', [name])[name]!.tenants?.[kit.tenantKeyA]);
    expect(before.toLowerCase()).toContain(marker.toLowerCase());
    for (const op of ops().filter((o) => !kit.spansTenants?.(o))) {
      const r = await send(op.method, fillPath(op.path, params), headers, bodyFor(op));
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBeLessThan(500);
      expect(r.text.toLowerCase(), `${op.method.toUpperCase()} ${op.path} leaked tenant a's data`).not.toContain(marker.toLowerCase());
    }
    expect(JSON.stringify(exportState(t.rt, 'default', [name])[name]!.tenants?.[kit.tenantKeyA])).toBe(before);
  });

  it('refuses a credential without the needed scope or role with the service\'s 403', async () => {
    if (!kit.forbidden) return; // this service has no scopes or roles to test
    const headers = await kit.forbidden.headers(t);
    const guarded = ops().filter((op) => kit.forbidden!.operations(op));
    expect(guarded.length).toBeGreaterThan(0);
    for (const op of guarded) {
      const r = await send(op.method, fillPath(op.path, seeded), headers, bodyFor(op));
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBe(403);
    }
  });
});
