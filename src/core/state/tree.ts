/**
 * The stored state, in memory and on disk.
 *
 * In memory every container is a Map: keys such as `__proto__` stay plain data, and records keep the
 * order they were first stored in. On disk (and in `GET /__admin/state`) the same tree is plain JSON:
 * `{ schemaVersion, seq, sandboxes: { <sandbox>: { <service>: { shared, tenants } } } }`.
 */
export type Records = Map<string, unknown>;
export type Collections = Map<string, Records>;
export interface ServiceState {
  shared: Collections;
  tenants: Map<string, Collections>;
}
export type SandboxState = Map<string, ServiceState>;
export type Sandboxes = Map<string, SandboxState>;

export type CollectionsJson = Record<string, Record<string, unknown>>;
export interface ServiceStateJson {
  shared?: CollectionsJson;
  tenants?: Record<string, CollectionsJson>;
}
export type SandboxJson = Record<string, ServiceStateJson>;
/** A sandbox's stored state by service, as `GET /__admin/state` answers and `PUT /__admin/state` takes it. */
export interface Snapshot {
  sandbox: string;
  services: Record<string, ServiceStateJson>;
}
export interface StoreJson {
  schemaVersion: 1;
  seq: number;
  sandboxes: Record<string, SandboxJson>;
}

export class StateShapeError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectEntries(v: unknown, where: string): [string, unknown][] {
  if (!isObject(v)) throw new StateShapeError(`${where} must be a JSON object`);
  return Object.entries(v);
}

export function collectionsFromJson(v: unknown, where: string): Collections {
  const out: Collections = new Map();
  for (const [name, records] of objectEntries(v ?? {}, where)) {
    out.set(name, new Map(objectEntries(records, `${where}.${name}`)));
  }
  return out;
}

export function serviceFromJson(v: unknown, where: string): ServiceState {
  if (!isObject(v)) throw new StateShapeError(`${where} must be a JSON object`);
  const tenants = new Map<string, Collections>();
  for (const [key, colls] of objectEntries(v['tenants'] ?? {}, `${where}.tenants`)) {
    tenants.set(key, collectionsFromJson(colls, `${where}.tenants.${key}`));
  }
  return { shared: collectionsFromJson(v['shared'], `${where}.shared`), tenants };
}

export function sandboxFromJson(v: unknown, where: string): SandboxState {
  const out: SandboxState = new Map();
  for (const [service, state] of objectEntries(v, where)) out.set(service, serviceFromJson(state, `${where}.${service}`));
  return out;
}

export function storeFromJson(v: unknown): { seq: number; sandboxes: Sandboxes } {
  if (!isObject(v)) throw new StateShapeError('the top level must be a JSON object');
  if (v['schemaVersion'] !== 1) throw new StateShapeError(`unknown schemaVersion ${JSON.stringify(v['schemaVersion'])} (expected 1)`);
  const seq = v['seq'];
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw new StateShapeError('seq must be a non-negative integer');
  const sandboxes: Sandboxes = new Map();
  for (const [name, sb] of objectEntries(v['sandboxes'], 'sandboxes')) sandboxes.set(name, sandboxFromJson(sb, `sandboxes.${name}`));
  return { seq, sandboxes };
}

/** Plain-object copy of a Map tree; `Object.fromEntries` defines `__proto__` as an own key, never a prototype. */
export function collectionsToJson(c: Collections): CollectionsJson {
  return Object.fromEntries([...c].map(([name, records]) => [name, Object.fromEntries(records)]));
}

export function serviceToJson(s: ServiceState): ServiceStateJson {
  return { shared: collectionsToJson(s.shared), tenants: Object.fromEntries([...s.tenants].map(([key, colls]) => [key, collectionsToJson(colls)])) };
}

export function sandboxToJson(sb: SandboxState): SandboxJson {
  return Object.fromEntries([...sb].map(([name, s]) => [name, serviceToJson(s)]));
}

export function storeToJson(seq: number, sandboxes: Sandboxes): StoreJson {
  return { schemaVersion: 1, seq, sandboxes: Object.fromEntries([...sandboxes].map(([n, sb]) => [n, sandboxToJson(sb)])) };
}

export function emptyService(): ServiceState {
  return { shared: new Map(), tenants: new Map() };
}
