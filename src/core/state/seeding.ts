import type { Runtime } from '../boot/runtime.js';
import type { Op } from './ops.js';
import { CONFLICT_RETRIES, WriteConflict } from './conflict.js';
import { serviceToJson, type ServiceStateJson } from './tree.js';

/** A fresh copy of a service's fixture state (never the cached object itself). */
export function fixtureState(rt: Runtime, service: string): ServiceStateJson {
  return structuredClone(rt.fixtures.get(service) ?? {});
}

/**
 * Seeds every service that has no state yet in the sandbox (a new db, or a service added since). Where
 * instances share the state, one that seeded first wins: the others see its seeding and keep it.
 */
export async function seedMissing(rt: Runtime, sandbox: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const present = rt.store.sandboxes.get(sandbox);
    const ops: Op[] = rt.services
      .filter((s) => !present?.has(s.module.name))
      .map((s) => ({ p: [sandbox, s.module.name], v: fixtureState(rt, s.module.name) }));
    if (!ops.length) return;
    try {
      return await rt.store.commit(ops, { ifUnchanged: true });
    } catch (e) {
      if (!(e instanceof WriteConflict) || attempt >= CONFLICT_RETRIES) throw e;
    }
  }
}

/** The stored state of a sandbox as JSON, by service (all, or the named ones). */
export function exportState(rt: Runtime, sandbox: string, services?: string[]): Record<string, ServiceStateJson> {
  const sb = rt.store.sandboxes.get(sandbox);
  const names = services ?? rt.services.map((s) => s.module.name);
  const out: Record<string, ServiceStateJson> = {};
  for (const name of names) {
    const s = sb?.get(name);
    out[name] = s ? serviceToJson(s) : { shared: {}, tenants: {} };
  }
  return out;
}
