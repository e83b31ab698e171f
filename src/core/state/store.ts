import { Low } from 'lowdb';
import { SnapshotFile } from './snapshot-file.js';
import type { StateBackend } from './backend.js';
import { WriteAheadLog } from './wal.js';
import { applyOp, type Op } from './ops.js';
import { type Sandboxes, type StoreJson, storeFromJson, storeToJson, StateShapeError } from './tree.js';

export type Durability = 'strict' | 'relaxed';

export interface StoreOptions {
  /** Snapshot file; its write-ahead log sits beside it as `<path>.wal`. Absent: memory only. */
  path?: string;
  /** strict: a write resolves once it is on disk. relaxed: at once, flushed in the background. */
  durability?: Durability;
  /** Compact (rewrite the snapshot, empty the log) once the log is this big; default 16 MiB or twice the last snapshot. */
  compactAtBytes?: number;
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

/**
 * All state, in memory, made durable by group commit: the writes of one event-loop turn (and of the
 * turns that pass while a commit is on disk) share one log append and one fdatasync. The snapshot is
 * rewritten only when the log grows past a bound, so a commit costs what it changed, not the whole state.
 */
export class Store implements StateBackend {
  private pending: Op[] = [];
  private waiters: Waiter[] = [];
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
  ) {}

  static async open(options: StoreOptions = {}): Promise<Store> {
    if (!options.path) return new Store(new Map(), true, 0, undefined, undefined, options);
    const path = options.path;
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
    const { wal, entries } = await WriteAheadLog.open(`${path}.wal`);
    let seq = loaded.seq;
    for (const entry of entries) {
      if (entry.seq <= seq) continue; // already in the snapshot
      for (const op of entry.ops) applyOp(loaded.sandboxes, op);
      seq = entry.seq;
    }
    return new Store(loaded.sandboxes, isNew, seq, low, wal, options);
  }

  /** A token that changes whenever the collection at this path (sandbox, service, scope[, tenant], collection) changes. */
  version(path: string[]): string {
    return `${this.epoch}.${this.versions.get(path.join('\0')) ?? 0}`;
  }

  get persistent(): boolean {
    return this.wal !== undefined;
  }

  /** Applies the ops to memory now; resolves when they are durable (per the durability setting). */
  commit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    let previous: Op['p'] | undefined;
    for (const op of ops) {
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
    for (const op of ops) this.pending.push(op);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
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
        if (this.pending.length) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    const wal = this.wal;
    if (!wal) return;
    while (this.pending.length) {
      const ops = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        this.seq += 1;
        await wal.append({ seq: this.seq, ops });
        if (wal.size > this.compactThreshold()) await this.writeSnapshot();
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
  }

  private compactThreshold(): number {
    return this.options.compactAtBytes ?? Math.max(16 * 1024 * 1024, 2 * this.snapshotBytes);
  }

  private async writeSnapshot(): Promise<void> {
    if (!this.low || !this.wal) return;
    const file = this.low.adapter as SnapshotFile<StoreJson>;
    this.snapshotBytes = await file.writeText(JSON.stringify(this.toJson()));
    await this.wal.truncate();
  }

  /** Resolves once everything committed so far is on disk. */
  async flush(): Promise<void> {
    while (this.flushing || this.scheduled || this.pending.length) {
      if (this.flushing) await this.flushing;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Rewrites the snapshot now (used on shutdown, so the next start reads one file). */
  async compact(): Promise<void> {
    await this.flush();
    await this.writeSnapshot();
  }

  toJson(): StoreJson {
    return storeToJson(this.seq, this.sandboxes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.wal) await this.compact();
    this.closed = true;
    await this.wal?.close();
  }
}
