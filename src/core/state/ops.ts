import {
  type Collections, type Sandboxes, type SandboxJson, type ServiceState, type ServiceStateJson,
  emptyService, sandboxFromJson, serviceFromJson,
} from './tree.js';

/**
 * One change to the state, as written to the write-ahead log. `v` absent means delete.
 * Record ops touch one record; the short forms replace (or drop) a whole service state or sandbox.
 */
export type Op =
  | { p: [sandbox: string, service: string, scope: 's', collection: string, id: string]; v?: unknown }
  | { p: [sandbox: string, service: string, scope: 't', tenant: string, collection: string, id: string]; v?: unknown }
  | { p: [sandbox: string, service: string]; v?: ServiceStateJson }
  | { p: [sandbox: string]; v?: SandboxJson };

function serviceOf(sandboxes: Sandboxes, sandbox: string, service: string): ServiceState {
  let sb = sandboxes.get(sandbox);
  if (!sb) sandboxes.set(sandbox, (sb = new Map()));
  let s = sb.get(service);
  if (!s) sb.set(service, (s = emptyService()));
  return s;
}

function putRecord(colls: Collections, collection: string, id: string, v: unknown): void {
  let records = colls.get(collection);
  if (v === undefined) {
    records?.delete(id);
    return;
  }
  if (!records) colls.set(collection, (records = new Map()));
  records.set(id, v);
}

export function applyOp(sandboxes: Sandboxes, op: Op): void {
  const p = op.p;
  switch (p.length) {
    case 1:
      if (op.v === undefined) sandboxes.delete(p[0]);
      else sandboxes.set(p[0], sandboxFromJson(op.v, `sandbox ${p[0]}`));
      return;
    case 2: {
      if (op.v === undefined) {
        sandboxes.get(p[0])?.delete(p[1]);
        return;
      }
      let sb = sandboxes.get(p[0]);
      if (!sb) sandboxes.set(p[0], (sb = new Map()));
      sb.set(p[1], serviceFromJson(op.v, `${p[0]}.${p[1]}`));
      return;
    }
    case 5:
      putRecord(serviceOf(sandboxes, p[0], p[1]).shared, p[3], p[4], op.v);
      return;
    case 6: {
      const s = serviceOf(sandboxes, p[0], p[1]);
      let colls = s.tenants.get(p[3]);
      if (!colls) s.tenants.set(p[3], (colls = new Map()));
      putRecord(colls, p[4], p[5], op.v);
      return;
    }
  }
}

/**
 * What puts the tree back as it was before `op` (call it before applying `op`). Undoing a failed
 * batch's ops in reverse order restores the tree exactly, containers the ops created included.
 */
export function undoOf(sandboxes: Sandboxes, op: Op): () => void {
  const p = op.p;
  const sb = sandboxes.get(p[0]);
  if (!sb) return () => void sandboxes.delete(p[0]);
  if (p.length === 1) return () => void sandboxes.set(p[0], sb);
  const service = sb.get(p[1]);
  if (!service) return () => void sb.delete(p[1]);
  if (p.length === 2) return () => void sb.set(p[1], service);
  let colls: Collections;
  if (p.length === 5) colls = service.shared;
  else {
    const tenant = service.tenants.get(p[3]);
    if (!tenant) return () => void service.tenants.delete(p[3]);
    colls = tenant;
  }
  const [collection, id] = p.length === 5 ? [p[3], p[4]] : [p[4], p[5]];
  const records = colls.get(collection);
  if (!records) return () => void colls.delete(collection);
  if (!records.has(id)) return () => void records.delete(id);
  const previous = records.get(id);
  return () => void records.set(id, previous);
}
