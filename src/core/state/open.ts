import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { StateBackend } from './backend.js';
import { FileBlobs, MemoryBlobs, type BlobStore } from './blobs.js';
import { Store, type Durability } from './store.js';
// The PostgreSQL backend (and `pg`) is loaded only for a postgres:// db: most starts never need it.
const pgBackend = () => import('./pg/backend.js');
import { isPostgresUrl } from './pg/url.js';
import type { LocalControl } from './pg/control.js';
import type { SharedControl } from '../control/shared.js';

export interface OpenStateOptions {
  /** A JSON db file, a `postgres://`/`postgresql://` URL, or absent (memory only). */
  db?: string;
  durability?: Durability;
  /** `--max-sandboxes`, enforced in the commit where instances share the state. */
  maxSandboxes?: number;
  warn: (message: string) => void;
}

/** Opens the backend `--db` names: a PostgreSQL URL is never taken as a file path. */
export async function openBackend(o: OpenStateOptions): Promise<StateBackend> {
  if (o.db && isPostgresUrl(o.db)) return (await pgBackend()).PgBackend.open({ url: o.db, warn: o.warn, maxSandboxes: o.maxSandboxes });
  if (o.db) await mkdir(dirname(resolve(o.db)), { recursive: true });
  return Store.open({ path: o.db, durability: o.durability, warn: o.warn });
}

/** The control plane shared with other instances (PostgreSQL), or undefined: it lives in this process. */
export async function openControl(db: string | undefined, backend: StateBackend, local: LocalControl, journalSize: number, warn: (message: string) => void): Promise<SharedControl | undefined> {
  if (!db || !isPostgresUrl(db)) return undefined;
  const [{ PgBackend }, { PgControl }] = await Promise.all([pgBackend(), import('./pg/control.js')]);
  return backend instanceof PgBackend ? PgControl.open(backend, local, journalSize, warn) : undefined;
}

/** Where uploaded bytes go: the same database, a folder beside the db file, or memory. */
export async function openBlobs(db: string | undefined, backend: StateBackend): Promise<BlobStore> {
  if (db && isPostgresUrl(db)) {
    const [{ PgBackend }, { PgBlobs }] = await Promise.all([pgBackend(), import('./pg/blobs.js')]);
    if (backend instanceof PgBackend) return new PgBlobs(backend.db);
  }
  return db ? FileBlobs.open(`${resolve(db)}.blobs`) : new MemoryBlobs();
}
