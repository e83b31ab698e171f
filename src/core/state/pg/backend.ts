import pg from 'pg';
import type { CommitOptions, StateBackend } from '../backend.js';
import { applyOp, type Op } from '../ops.js';
import type { Sandboxes } from '../tree.js';
import { CollectionVersions } from '../versions.js';
import { SandboxLimit, WriteConflict } from '../conflict.js';
import { migrate, WrongDatabaseError } from './schema.js';
import { loadAll, writeOps } from './rows.js';
import { Touched } from './touched.js';
import { describeUrl } from './url.js';
import type { ControlRow } from './control.js';
import { sandboxLimit } from './limit.js';

/** Changes kept for instances to catch up from; one further behind reloads the whole state. */
const KEEP_CHANGES = 10_000;

interface Pending {
  ops: Op[];
  /** The seq the cache was at when the ops were made from it. */
  base: number;
  checked: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Change {
  seq: number;
  ops: Op[];
}

export interface PgOptions {
  url: string;
  /** Sandboxes that may exist at once: a commit that would make more is refused with a SandboxLimit. */
  maxSandboxes?: number;
  /** Connections this instance opens at most (default 8). */
  poolSize?: number;
  warn?: (message: string) => void;
}

/**
 * State in PostgreSQL, shared by every instance on the database. The state tree is this instance's
 * cache. Every commit is one transaction that first takes the one row lock of `standin_meta` (so
 * commits are numbered without gaps, in the order they become visible) and logs its ops in
 * `standin_changes`; before a request is served, `sync()` applies what other instances committed
 * since (one indexed query, usually returning no rows). A checked write is refused with a WriteConflict
 * when a record it writes was changed since the cache it was made from: the request runs again.
 * The writes of one event-loop turn (and those that arrive while a commit is under way) share one transaction.
 */
export class PgBackend implements StateBackend {
  readonly sandboxes: Sandboxes = new Map();
  readonly persistent = true;
  private readonly versions = new CollectionVersions();
  private seq = 0;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private scheduled = false;
  private syncing: Promise<void> | undefined;
  private nextSync: Promise<void> | undefined;
  private closed = false;
  /** Takes the control row each catch-up reads (set by the control plane, pg/control.ts). */
  onControl: ((row: ControlRow) => Promise<void> | undefined) | undefined;
  /** Work that must reach the database before the pool closes (the journal's queue). */
  beforeClose: (() => Promise<void>) | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    readonly isNew: boolean,
    private readonly options: PgOptions,
  ) {}

  static async open(options: PgOptions): Promise<PgBackend> {
    const where = describeUrl(options.url);
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 8, connectionTimeoutMillis: 10_000 });
    pool.on('error', (e) => options.warn?.(`${where}: idle connection failed (${e.message})`)); // a dropped idle connection must not crash the process
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => {});
      throw new WrongDatabaseError(`cannot reach the PostgreSQL database ${where}: ${(e as Error).message || (e as NodeJS.ErrnoException).code}`);
    }
    try {
      const isNew = await migrate(client);
      const backend = new PgBackend(pool, isNew, options);
      backend.seq = await loadAll(client, backend.sandboxes);
      client.release();
      return backend;
    } catch (e) {
      client.release();
      await pool.end().catch(() => {});
      throw new WrongDatabaseError(`the PostgreSQL database ${where} cannot hold Standin's state: ${(e as Error).message}`);
    }
  }

  version(path: string[]): string {
    return this.versions.version(path);
  }

  /** Applies committed changes to the cache, in order, skipping those it has already. */
  private apply(changes: readonly Change[]): void {
    for (const c of changes) {
      if (c.seq <= this.seq) continue;
      if (c.seq !== this.seq + 1) throw new Error(`change ${c.seq} after ${this.seq}: the change log has a gap`);
      for (const op of c.ops) applyOp(this.sandboxes, op);
      this.versions.bump(c.ops);
      this.seq = c.seq;
    }
  }

  /** Changes after `after`, or undefined when some were pruned already (then the whole state is read again). */
  private static changesFrom(rows: { seq: string; ops: string }[], after: number): Change[] | undefined {
    const changes = rows.map((r) => ({ seq: Number(r.seq), ops: JSON.parse(r.ops) as Op[] }));
    return changes.length && changes[0]!.seq !== after + 1 ? undefined : changes;
  }

  private async reload(): Promise<void> {
    const client = await this.pool.connect();
    try {
      this.seq = await loadAll(client, this.sandboxes);
      this.versions.bumpAll();
    } finally {
      client.release();
    }
  }

  /**
   * Brings the cache up to what every instance has committed. Resolves once it holds every commit
   * acknowledged before it was called: callers arriving during a round trip share the next one.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.syncing) {
      this.syncing = this.catchUp().finally(() => (this.syncing = undefined));
      return this.syncing;
    }
    return (this.nextSync ??= this.syncing.catch(() => {}).then(() => {
      this.nextSync = undefined;
      return this.sync();
    }));
  }

  private async catchUp(): Promise<void> {
    const after = this.seq;
    // The control row comes along (one row even when no change does): the control plane's version and clock.
    const { rows } = await this.pool.query<ControlRow & { seq: string | null; ops: string }>(
      'SELECT k.version, k.clock_fixed, k.clock_offset, c.seq, c.ops FROM standin_control k LEFT JOIN standin_changes c ON c.seq > $1 WHERE k.id = 1 ORDER BY c.seq',
      [after],
    );
    const changes = PgBackend.changesFrom(rows[0]?.seq === null ? [] : (rows as { seq: string; ops: string }[]), after);
    if (!changes) await this.reload();
    else this.apply(changes);
    if (rows[0] && this.onControl) await this.onControl(rows[0]);
  }

  /**
   * Resolves once the ops are committed in PostgreSQL (then they are in the cache); rejects with a
   * WriteConflict (checked writes) when another instance changed what they write since the cache was
   * last caught up, and with the database's error when the transaction fails: then nothing changed.
   */
  commit(ops: Op[], options: CommitOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    if (!ops.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, base: this.seq, checked: options.ifUnchanged === true, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        if (this.queue.length) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const group = this.queue;
      this.queue = [];
      try {
        await this.commitGroup(group);
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const client = await this.pool.connect();
    let open = false;
    try {
      const base = Math.min(...group.map((p) => p.base), this.seq);
      // One round trip: the lock, the seq this commit gets, and what others committed since the oldest cache read.
      const results = (await client.query(`BEGIN; UPDATE standin_meta SET seq = seq + 1 WHERE id = 1 RETURNING seq; SELECT seq, ops FROM standin_changes WHERE seq > ${base} ORDER BY seq`)) as unknown as pg.QueryResult[];
      open = true;
      const seq = Number(results[1]!.rows[0]['seq']);
      const delta = PgBackend.changesFrom(results[2]!.rows as { seq: string; ops: string }[], base);
      if (!delta) {
        // Too far behind to check against: refuse the checked writes, catch up, keep the rest for the next round.
        await client.query('ROLLBACK');
        open = false;
        await this.reload();
        for (const p of group) (p.checked ? p.reject(new WriteConflict()) : this.queue.push(p));
        return;
      }
      const accepted: Pending[] = [];
      const refused: Pending[] = [];
      const overLimit: Pending[] = [];
      const inGroup = new Touched();
      const limit = sandboxLimit(this.sandboxes, delta.map((c) => c.ops), this.options.maxSandboxes);
      for (const p of group) {
        const since = new Touched();
        since.add(delta.filter((c) => c.seq > p.base).flatMap((c) => c.ops));
        if (p.checked && (since.overlaps(p.ops) || inGroup.overlaps(p.ops))) refused.push(p);
        else if (!limit(p.ops)) overLimit.push(p);
        else {
          accepted.push(p);
          inGroup.add(p.ops);
        }
      }
      const ops = accepted.flatMap((p) => p.ops);
      if (ops.length) {
        await writeOps(client, ops);
        await client.query('INSERT INTO standin_changes (seq, ops) VALUES ($1, $2)', [seq, JSON.stringify(ops)]);
        if (seq % 1000 === 0) await client.query('DELETE FROM standin_changes WHERE seq <= $1', [seq - KEEP_CHANGES]);
        await client.query('COMMIT');
      } else await client.query('ROLLBACK');
      open = false;
      this.apply(delta);
      if (ops.length) this.apply([{ seq, ops }]);
      for (const p of accepted) p.resolve();
      for (const p of refused) p.reject(new WriteConflict());
      for (const p of overLimit) p.reject(new SandboxLimit());
    } catch (e) {
      if (open) await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async flush(): Promise<void> {
    while (this.draining || this.scheduled || this.queue.length) {
      if (this.draining) await this.draining;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Nothing to compact: PostgreSQL keeps its own files. */
  async compact(): Promise<void> {
    await this.flush();
  }

  /** Reaches the same database (the blob table). */
  get db(): pg.Pool {
    return this.pool;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.beforeClose?.().catch(() => {});
    await this.flush();
    this.closed = true;
    await this.syncing?.catch(() => {});
    await this.pool.end();
  }
}
