import type { Op } from './ops.js';
import type { Sandboxes } from './tree.js';

/**
 * What every part of Standin reaches state through (services via ServiceStore, the admin API, seeding).
 * Reads are synchronous, from the state tree in memory; a write is a batch of ops, applied at once and
 * acknowledged when durable. The JSON-file store (store.ts) is one backend; a shared, transactional one
 * keeps the same tree as its cache and commits each batch as one transaction (pg/backend.ts).
 */
export interface CommitOptions {
  /**
   * The ops were made from what the tree holds now (read, then written): where others write too, refuse
   * them with a WriteConflict (conflict.ts) when another process changed what they write in the meantime.
   */
  ifUnchanged?: boolean;
}

export interface StateBackend {
  /** The state tree; read-only outside the backend (change it with `commit`). */
  readonly sandboxes: Sandboxes;
  /** True when the backend held no state at open (a new db). */
  readonly isNew: boolean;
  /** Whether anything outlives the process. */
  readonly persistent: boolean;
  /** A token that changes whenever the collection at this path (sandbox, service, scope[, tenant], collection) changes. */
  version(path: string[]): string;
  /** Applies the ops; resolves when they are durable (per the backend's durability). */
  commit(ops: Op[], options?: CommitOptions): Promise<void>;
  /**
   * Where state is shared with other processes: brings the tree up to every commit acknowledged before
   * the call (called before each request is served). Absent where this process is the only writer.
   */
  sync?(): Promise<void>;
  /** Resolves once everything committed so far is durable. */
  flush(): Promise<void>;
  /** Writes the state compactly now (a snapshot), where the backend has such a thing. */
  compact(): Promise<void>;
  close(): Promise<void>;
}
