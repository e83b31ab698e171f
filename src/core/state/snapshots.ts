import { readFile } from 'node:fs/promises';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { serviceFromJson, type ServiceStateJson, type Snapshot } from './tree.js';

export type { Snapshot };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const badSnapshot = (message: string) => new CoreError(400, 'bad_snapshot', message);

/** Every service stores its records as JSON objects; anything else in a collection would reach its clients. */
function nonObjectRecord(name: string, state: unknown): string | undefined {
  if (!isObject(state)) return undefined;
  const tenants = isObject(state['tenants']) ? Object.entries(state['tenants']).map(([k, v]) => [`tenants.${k}`, v] as const) : [];
  for (const [where, colls] of [['shared', state['shared']] as const, ...tenants]) {
    if (!isObject(colls)) continue;
    for (const [coll, records] of Object.entries(colls)) {
      if (!isObject(records)) continue;
      for (const [id, record] of Object.entries(records)) if (!isObject(record)) return `services.${name}.${where}.${coll}.${id} must be a JSON object (a record)`;
    }
  }
  return undefined;
}

/**
 * Checks a snapshot (`{"services": {<name>: <state>}}`) whole, records against their service's schemas,
 * before anything changes; throws a 400 `bad_snapshot` CoreError naming what is wrong.
 */
export function checkSnapshot(rt: Runtime, body: unknown): Record<string, ServiceStateJson> {
  if (!isObject(body)) throw badSnapshot('a snapshot is a JSON object {"services": {...}}, as GET /__admin/state answers');
  const stray = Object.keys(body).find((k) => k !== 'services' && k !== 'sandbox');
  if (stray !== undefined) throw badSnapshot(`unknown key '${stray}' at the top of the snapshot; it holds "services" (and, as exported, "sandbox")`);
  const services = body['services'];
  if (!isObject(services)) throw badSnapshot('a snapshot needs a "services" object');
  const names = rt.services.map((s) => s.module.name);
  for (const [name, state] of Object.entries(services)) {
    const svc = rt.services.find((s) => s.module.name === name);
    if (!svc) throw badSnapshot(`no service named '${name}'; services: ${names.join(', ')}`);
    const unknownKey = isObject(state) ? Object.keys(state).find((k) => k !== 'shared' && k !== 'tenants') : undefined;
    if (unknownKey !== undefined) throw badSnapshot(`services.${name}: unknown key '${unknownKey}'; a service's state holds "shared" and "tenants"`);
    let wrong: string | undefined;
    try {
      serviceFromJson(state, name);
      wrong = nonObjectRecord(name, state) ?? svc.stateSchemas?.problem(state as ServiceStateJson);
    } catch (e) {
      throw badSnapshot(`services.${(e as Error).message}`);
    }
    if (wrong) throw badSnapshot(wrong);
  }
  return services as Record<string, ServiceStateJson>;
}

/** Replaces the named services' state in a sandbox with the snapshot's (checked already). */
export async function importSnapshot(rt: Runtime, sandbox: string, services: Record<string, ServiceStateJson>): Promise<void> {
  await rt.store.commit(Object.entries(services).map(([name, state]) => ({ p: [sandbox, name], v: state })));
}

/** A snapshot file (`--state FILE`) read and checked whole; an Error saying what is wrong otherwise. */
export async function readSnapshotFile(rt: Runtime, file: string): Promise<Record<string, ServiceStateJson>> {
  let body: unknown;
  try {
    body = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`--state ${file}: ${(e as Error).message}`);
  }
  try {
    return checkSnapshot(rt, body);
  } catch (e) {
    throw new Error(`--state ${file}: ${(e as Error).message}`);
  }
}
