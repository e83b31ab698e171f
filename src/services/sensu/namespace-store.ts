import type { ServiceContext } from '../../core/service/module.js';
import type { Namespace, SensuData } from './store.js';

type Ctx = ServiceContext<SensuData>;

/**
 * `(*Namespace).Validate` (5.11.0 api/core/v2/namespace.go): ValidateName's `\A[\w\.\-]+\z`, Go's `\w`
 * being ASCII. `.` and `..` are refused too (ASSUMED): 5.11 would store them under a path-cleaned etcd key.
 */
export function isValidNamespaceName(name: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(name) && name !== '.' && name !== '..';
}

const byteOrder = (a: Namespace, b: Namespace) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every namespace in etcd's key order (byte-wise by name). */
export function sortedNamespaces(ctx: Ctx): Namespace[] {
  return ctx.store.shared.values('namespaces').sort(byteOrder);
}

export const namespaceExists = (ctx: Ctx, name: string) => ctx.store.shared.has('namespaces', name);

/** Stores the namespace (a new one, or the same again): the one key asset writes check. */
export function storeNamespace(ctx: Ctx, name: string): Promise<void> {
  return ctx.store.write((tx) => tx.shared.put('namespaces', name, { name }));
}

/**
 * Creates the namespace unless it exists; the check and the write happen in one turn, so two
 * concurrent creates cannot both succeed. Answers whether it was created.
 */
export async function addNamespace(ctx: Ctx, name: string): Promise<boolean> {
  if (namespaceExists(ctx, name)) return false;
  await storeNamespace(ctx, name);
  return true;
}

/**
 * Deletes the one namespace key, as 5.11's generic DeleteResource does: its assets stay stored (listed and
 * readable; writes there answer `the namespace … does not exist` until it is made again). Answers whether it existed.
 */
export async function removeNamespace(ctx: Ctx, name: string): Promise<boolean> {
  if (!namespaceExists(ctx, name)) return false;
  await ctx.store.write((tx) => tx.shared.delete('namespaces', name));
  return true;
}
