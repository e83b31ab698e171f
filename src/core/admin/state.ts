import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { exportState, resetServices } from '../state/seeding.js';
import { serviceFromJson, type ServiceStateJson } from '../state/tree.js';
import { CoreError } from '../http/core-error.js';
import { ensureSandbox } from '../control/sandbox.js';
import { forgetSandbox } from '../service/context.js';
import { knownService, selectedSandbox, selectedServices } from './params.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** Checks a snapshot (`{"services": {<name>: <state>}}`) whole, records against their service's schemas, before anything changes. */
export function checkSnapshot(rt: Runtime, body: unknown): Record<string, ServiceStateJson> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new CoreError(400, 'bad_snapshot', 'a snapshot is a JSON object {"services": {...}}, as GET /__admin/state answers');
  const services = (body as { services?: unknown }).services;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) throw new CoreError(400, 'bad_snapshot', 'a snapshot needs a "services" object');
  for (const [name, state] of Object.entries(services)) {
    try {
      knownService(rt, name);
      serviceFromJson(state, name);
      const wrong = nonObjectRecord(name, state) ?? rt.services.find((s) => s.module.name === name)!.stateSchemas?.problem(state as ServiceStateJson);
      if (wrong) throw new CoreError(400, 'bad_snapshot', wrong);
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(400, 'bad_snapshot', e.message);
      throw new CoreError(400, 'bad_snapshot', `services.${(e as Error).message}`);
    }
  }
  return services as Record<string, ServiceStateJson>;
}

/** Replaces the named services' state in a sandbox with the snapshot's. */
export async function importSnapshot(rt: Runtime, sandbox: string, services: Record<string, ServiceStateJson>): Promise<void> {
  await rt.store.commit(Object.entries(services).map(([name, state]) => ({ p: [sandbox, name], v: state })));
}

/** State export and import, reset, and sandboxes. */
export function stateRoutes(r: Router, rt: Runtime): void {
  r.get('/state', async (req, res) => {
    const sandbox = selectedSandbox(req);
    const services = selectedServices(rt, req);
    // A sandbox not used yet is shown as it will be: made from the fixtures.
    await ensureSandbox(rt, sandbox);
    res.json({ sandbox, services: exportState(rt, sandbox, services) });
  });
  r.put('/state', async (req, res) => {
    const sandbox = selectedSandbox(req);
    const services = checkSnapshot(rt, req.body);
    await importSnapshot(rt, sandbox, services);
    res.json({ status: 'ok', sandbox, services: Object.keys(services) });
  });
  r.post('/reset', async (req, res) => {
    const sandbox = selectedSandbox(req);
    const services = selectedServices(rt, req) ?? rt.services.map((s) => s.module.name);
    await resetServices(rt, sandbox, services);
    res.json({ status: 'ok', sandbox, services });
  });
  r.get('/sandboxes', (_req, res) => {
    res.json({ sandboxes: [...rt.store.sandboxes.keys()] });
  });
  r.delete('/sandboxes/:name', async (req, res) => {
    const name = req.params['name']!;
    if (name === DEFAULT_SANDBOX) throw new CoreError(400, 'bad_request', 'the default sandbox cannot be dropped; POST /__admin/reset puts it back to the fixtures');
    if (!rt.store.sandboxes.has(name)) throw new CoreError(404, 'not_found', `no sandbox named '${name}'`);
    await rt.store.commit([{ p: [name] }]);
    await rt.blobs.deleteAll(name);
    forgetSandbox(rt, name);
    const requests = rt.journal.clear(name);
    const faults = rt.faults.remove(name);
    res.json({ status: 'ok', sandbox: name, removed: { requests, faults } });
  });
}
