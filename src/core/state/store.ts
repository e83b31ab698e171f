import { Low } from 'lowdb';
import { SnapshotFile } from './snapshot-file.js';
import type { StateBackend } from './backend.js';
import { DbLock } from './lock.js';
import { WriteAheadLog, type WalDamage, type WriteAt } from './wal.js';
import { applyOp, undoOf, type Op } from './ops.js';
import { type Sandboxes, type StoreJson, storeFromJson, storeToJson, StateShapeError } from './tree.js';

export type Durability = 'strict' | 'relaxed';

export interface StoreOptions {
  /** Snapshot file; its write-ahead log sits beside it as `<path>.wal`. Absent: memory only. */
  path?: string;
  /** strict: a write resolves once it is on disk. relaxed: at once, flushed in the background. */
  durability?: Durability;
  /** Compact (rewrite the snapshot, empty the log) once the log is this big; default 16 MiB or twice the last snapshot. */
  compactAtBytes?: number;
  /** How long a failed compaction waits before it is tried again (default 30 s). */
  compactRetryMs?: number;
  /** Told what the store did about a problem it recovered from (a damaged log line, a failed compaction). */
  warn?: (message: string) => void;
  /** How the log writes (tests inject short writes). */
  writeAt?: WriteAt;
}


function describeDamage(path: string, d: WalDamage): string {
  const kept = d.salvaged ? 'kept the whole entry at its end, dropped the torn write before it' : 'dropped it (it was never a whole entry)';
  const copy = d.copy ? `; its bytes are in ${d.copy}` : '';
  return `${path}: line at byte ${d.offset} (${d.bytes} bytes) is not a log entry: ${kept}; every other entry is kept${copy}`;
}

export class DbFileError extends Error {}

/** Whether two record paths name the same collection (everything but the record id). */
function sameCollection(a: Op['p'], b: Op['p']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Writes applied in memory and not yet durable, with what takes each back out. */
interface Batch {
  ops: Op[];
  undo: (() => void)[];
  waiters: Waiter[];
}

const emptyBatch = (): Batch => ({ ops: [], undo: [], waiters: [] });

/**
 * All state, in memory, made durable by group commit: the writes of one event-loop turn (and of the
 * turns that pass while a commit is on disk) share one log append and one fdatasync. The snapshot is
 * rewritten only when the log grows past a bound, so a commit costs what it changed, not the whole state.
 */
export class Store implements StateBackend {
  private pending: Batch = emptyBatch();
  private compactAfter = 0;
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private snapshotBytes = 0;
  private closed = false;
  /** Bumped by any write to a collection (by path); `epoch` by any whole-service or sandbox replacement. */
  private readonly versions = new Map<string, number>();
  private epoch = 0;

  private constructor(
    readonly sandboxes: Sandboxes,
    /** True when no snapshot file existed (a new db). */
    readonly isNew: boolean,
    private seq: number,
    private readonly low: Low<StoreJson> | undefined,
    private readonly wal: WriteAheadLog | undefined,
    private readonly options: StoreOptions,
    private readonly lock: DbLock | undefined,
  ) {}

  static async open(options: StoreOptions = {}): Promise<Store> {
    if (!options.path) return new Store(new Map(), true, 0, undefined, undefined, options, undefined);
    const lock = await DbLock.acquire(options.path);
    try {
      return await Store.load(options.path, options, lock);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  private static async load(path: string, options: StoreOptions, lock: DbLock): Promise<Store> {
    const empty: StoreJson = { schemaVersion: 1, seq: 0, sandboxes: {} };
    const low = new Low<StoreJson>(new SnapshotFile<StoreJson>(path), empty);
    await low.read();
    const isNew = low.data === empty; // lowdb keeps the default data when there is no file
    let loaded: { seq: number; sandboxes: Sandboxes };
    try {
      loaded = storeFromJson(low.data);
    } catch (e) {
      if (e instanceof StateShapeError) throw new DbFileError(`${path} is not a Standin db file: ${e.message}; Standin will not overwrite it.`);
      throw e;
    }
    const { wal, entries, damage } = await WriteAheadLog.open(`${path}.wal`, options.writeAt);
    let seq = loaded.seq;
    for (const entry of entries) {
      if (entry.seq <= seq) continue; // already in the snapshot
      try {
        for (const op of entry.ops) applyOp(loaded.sandboxes, op);
      } catch (e) {
        await wal.close();
        throw new DbFileError(`${path}.wal: entry ${entry.seq} cannot be applied (${(e as Error).message}); Standin will not overwrite it.`);
      }
      seq = entry.seq;
    }
    const store = new Store(loaded.sandboxes, isNew, seq, low, wal, options, lock);
    for (const d of damage) options.warn?.(describeDamage(wal.path, d));
    // The log is rewritten without its damaged lines at once, so they are reported once.
    if (damage.length) await store.tryCompact();
    return store;
  }

  /** A token that changes whenever the collection at this path (sandbox, service, scope[, tenant], collection) changes. */
  version(path: string[]): string {
    return `${this.epoch}.${this.versions.get(path.join('\0')) ?? 0}`;
  }

  get persistent(): boolean {
    return this.wal !== undefined;
  }

  /**
   * Applies the ops to memory now and resolves when they are durable (per the durability setting). When
   * the log cannot take them, they are taken back out of memory (with every later write not yet on
   * disk) and the promise rejects: a refused write changes nothing.
   */
  commit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const undo = this.wal ? this.pending.undo : [];
    let previous: Op['p'] | undefined;
    for (const op of ops) {
      if (this.wal) undo.push(undoOf(this.sandboxes, op));
      applyOp(this.sandboxes, op);
      if (op.p.length < 5) this.epoch++;
      // A batch usually writes many records of one collection: its version is bumped once.
      else if (!previous || !sameCollection(previous, op.p)) {
        const key = op.p.slice(0, -1).join('\0');
        this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
      }
      previous = op.p;
    }
    if (!this.wal) return Promise.resolve();
    for (const op of ops) this.pending.ops.push(op);
    const done = new Promise<void>((resolve, reject) => this.pending.waiters.push({ resolve, reject }));
    this.schedule();
    if (this.options.durability === 'relaxed') {
      done.catch(() => {}); // reported by flush(); the caller was already answered
      return Promise.resolve();
    }
    return done;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.drain().finally(() => {
        this.flushing = undefined;
        if (this.pending.ops.length) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    const wal = this.wal;
    if (!wal) return;
    while (this.pending.ops.length) {
      const batch = this.pending;
      this.pending = emptyBatch();
      try {
        await wal.append({ seq: this.seq + 1, ops: batch.ops });
      } catch (e) {
        this.refuse(batch, e);
        continue;
      }
      this.seq += 1;
      for (const w of batch.waiters) w.resolve();
      if (wal.size > this.compactThreshold() && Date.now() >= this.compactAfter) await this.tryCompact();
    }
  }

  /** Takes a batch the log refused (and everything applied after it) back out of memory, and rejects them. */
  private refuse(batch: Batch, e: unknown): void {
    const later = this.pending;
    this.pending = emptyBatch();
    for (const b of [later, batch]) for (let i = b.undo.length - 1; i >= 0; i--) b.undo[i]!();
    this.epoch++;
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    this.options.warn?.(`${this.wal?.path}: a write could not be logged (${code}); it was refused and nothing changed`);
    for (const b of [batch, later]) for (const w of b.waiters) w.reject(e);
  }

  private compactThreshold(): number {
    return this.options.compactAtBytes ?? Math.max(16 * 1024 * 1024, 2 * this.snapshotBytes);
  }

  private async writeSnapshot(): Promise<void> {
    if (!this.low || !this.wal) return;
    const file = this.low.adapter as SnapshotFile<StoreJson>;
    this.snapshotBytes = await file.writeText(this.durableJson());
    await this.wal.truncate();
  }

  /**
   * The state as it is on disk, as JSON: the writes applied in memory and not yet logged are taken out
   * for the moment of the (synchronous) stringify and put back, so a snapshot never holds a write that
   * may yet be refused, and compaction need not wait for writes to stop coming.
   */
  private durableJson(): string {
    const p = this.pending;
    for (let i = p.undo.length - 1; i >= 0; i--) p.undo[i]!();
    const text = JSON.stringify(this.toJson());
    p.undo = [];
    for (const op of p.ops) {
      p.undo.push(undoOf(this.sandboxes, op));
      applyOp(this.sandboxes, op);
    }
    if (p.ops.length) this.epoch++; // whole-state ops put back are new objects
    return text;
  }

  /**
   * A compaction that fails (EPERM, EROFS, ENOSPC) leaves the log as the truth: the write that set it off
   * is already durable, so it is only reported, and tried again later.
   */
  private async tryCompact(): Promise<void> {
    try {
      await this.writeSnapshot();
      this.compactAfter = 0;
    } catch (e) {
      const retryMs = this.options.compactRetryMs ?? 30_000;
      this.compactAfter = Date.now() + retryMs;
      this.options.warn?.(`${this.low?.adapter instanceof SnapshotFile ? this.low.adapter.path : 'db'}: compaction failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the log keeps every write, retrying in ${retryMs / 1000}s`);
    }
  }

  /** Resolves once everything committed so far is on disk. */
  async flush(): Promise<void> {
    while (this.flushing || this.scheduled || this.pending.ops.length) {
      if (this.flushing) await this.flushing;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Rewrites the snapshot now (used on shutdown, so the next start reads one file); a failure leaves the log as the truth. */
  async compact(): Promise<void> {
    await this.flush();
    await this.tryCompact();
  }

  toJson(): StoreJson {
    return storeToJson(this.seq, this.sandboxes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.wal) await this.compact();
    this.closed = true;
    await this.wal?.close();
    await this.lock?.release();
  }
}
