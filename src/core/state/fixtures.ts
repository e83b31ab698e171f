import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyService } from '../service/module.js';
import type { LoadedService } from '../boot/runtime.js';
import { SpecCache } from '../boot/spec-cache.js';
import { setOwn } from './own.js';
import { serviceFromJson, type CollectionsJson, type ServiceStateJson } from './tree.js';

export class FixtureError extends Error {}

function mergeCollections(into: CollectionsJson, from: CollectionsJson | undefined): void {
  for (const [name, records] of Object.entries(from ?? {})) setOwn(into, name, { ...(Object.hasOwn(into, name) ? into[name] : {}), ...records });
}

/** Merges service states: records of later ones win, key by key. */
export function mergeStates(states: ServiceStateJson[]): ServiceStateJson {
  const shared: CollectionsJson = {};
  const tenants: Record<string, CollectionsJson> = {};
  for (const s of states) {
    mergeCollections(shared, s.shared);
    for (const [key, colls] of Object.entries(s.tenants ?? {})) {
      if (!Object.hasOwn(tenants, key)) setOwn(tenants, key, {});
      mergeCollections(tenants[key]!, colls);
    }
  }
  return { shared, tenants };
}

/** Default fixture loader: every `*.json` file in the folder, in name order, merged. */
export async function loadJsonFixtures(dir: string): Promise<ServiceStateJson> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  const states: ServiceStateJson[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
      serviceFromJson(value, name); // checks the shape
    } catch (e) {
      throw new FixtureError(`fixture ${file}: ${(e as Error).message}`);
    }
    states.push(value as ServiceStateJson);
  }
  return mergeStates(states);
}

/**
 * The state each service starts from: its fixtures under `dir`, or nothing when `dir` is undefined.
 * A folder the user named (`given`) must exist: a typo would otherwise start every service empty.
 */
export async function loadFixtures(services: AnyService[], dir: string | undefined, given = false): Promise<Map<string, ServiceStateJson>> {
  if (dir !== undefined && given) {
    const found = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!found) throw new FixtureError(`--fixtures ${dir}: no such folder`);
  }
  const out = new Map<string, ServiceStateJson>();
  await Promise.all(
    services.map(async (s) => {
      const serviceDir = dir === undefined ? undefined : join(dir, s.name);
      out.set(s.name, serviceDir === undefined ? {} : await (s.loadFixtures ?? loadJsonFixtures)(serviceDir));
    }),
  );
  return out;
}

/**
 * Fixtures must hold what the service itself would store: each service's records against its schemas.
 * Fixtures that passed the same schemas before are remembered (by hash), so a cold start compiles none.
 */
export async function checkFixtures(services: LoadedService[], fixtures: Map<string, ServiceStateJson>, dir: string | undefined, cache: SpecCache): Promise<void> {
  for (const s of services) {
    const state = fixtures.get(s.module.name) ?? {};
    const text = s.stateSchemas?.fingerprint(state);
    const hash = text === undefined ? undefined : SpecCache.hash(text);
    if (!s.stateSchemas || (hash !== undefined && cache.isValid(hash))) continue;
    const wrong = s.stateSchemas.problem(state);
    if (wrong) throw new FixtureError(`fixtures ${join(dir ?? '', s.module.name)}: ${wrong}`);
    if (hash !== undefined) await cache.remember(hash);
  }
}
