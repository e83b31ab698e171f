import type pg from 'pg';
import type { Clock } from '../../control/clock.js';
import type { Faults } from '../../control/faults.js';
import { shareDigestKey } from '../../control/journal/masking.js';
import type { SharedClock, SharedControl } from '../../control/shared.js';
import type { WindowCounter } from '../../service/windows.js';
import type { PgBackend } from './backend.js';
import { PgFaults } from './faults.js';
import { PgJournal } from './journal.js';

/** The control row as every catch-up reads it (bigints come as text). */
export interface ControlRow {
  version: string;
  clock_fixed: string | null;
  clock_offset: string;
}

/** What this instance holds of the control plane in memory: its copy of the rules, its clock. */
export interface LocalControl {
  clock: Clock;
  faults: Faults;
}

const WINDOW = `
INSERT INTO standin_windows AS w (sandbox, service, key, start, count) VALUES ($1, $2, $3, $4, 1)
ON CONFLICT (sandbox, service, key) DO UPDATE SET
  start = CASE WHEN $4 - w.start >= $5 OR $4 < w.start THEN $4 ELSE w.start END,
  count = CASE WHEN $4 - w.start >= $5 OR $4 < w.start THEN 1 ELSE w.count + 1 END
RETURNING start, count`;

/**
 * The control plane in the shared database. Fault rules and the clock carry one version number
 * (`standin_control.version`), read with the clock in the same query as every per-request catch-up
 * (PgBackend.sync): only when it moved does this instance reload the rules, so with no admin activity
 * a request costs nothing more. The journal and the rate windows are tables of their own.
 */
export class PgControl implements SharedControl {
  readonly faults: PgFaults;
  readonly journal: PgJournal;
  readonly clock: SharedClock;
  private version: string | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly local: LocalControl,
    journalSize: number,
    warn: (message: string) => void,
  ) {
    this.faults = new PgFaults(pool, local.faults);
    this.journal = new PgJournal(pool, journalSize, warn);
    this.clock = {
      set: async (fixedMs, offsetMs) => {
        await pool.query('UPDATE standin_control SET version = version + 1, clock_fixed = $1, clock_offset = $2 WHERE id = 1', [fixedMs ?? null, fixedMs === undefined ? Math.round(offsetMs) : 0]);
        local.clock.load(fixedMs, offsetMs);
      },
      advance: async (ms) => {
        // Atomic, so two advances through two instances add up.
        const { rows } = await pool.query<ControlRow>(
          'UPDATE standin_control SET version = version + 1, clock_fixed = clock_fixed + $1, clock_offset = CASE WHEN clock_fixed IS NULL THEN clock_offset + $1 ELSE 0 END WHERE id = 1 RETURNING version, clock_fixed, clock_offset',
          [ms],
        );
        this.loadClock(rows[0]!);
      },
    };
  }

  static async open(backend: PgBackend, local: LocalControl, journalSize: number, warn: (message: string) => void): Promise<PgControl> {
    const pool = backend.db;
    const { rows } = await pool.query<ControlRow & { digest_key: string }>('SELECT version, clock_fixed, clock_offset, digest_key FROM standin_control WHERE id = 1');
    shareDigestKey(Buffer.from(rows[0]!.digest_key, 'base64'));
    const control = new PgControl(pool, local, journalSize, warn);
    await control.caughtUp(rows[0]!);
    backend.onControl = (row) => control.caughtUp(row);
    backend.beforeClose = () => control.journal.flush();
    return control;
  }

  private loadClock(row: ControlRow): void {
    this.local.clock.load(row.clock_fixed === null ? undefined : Number(row.clock_fixed), Number(row.clock_offset));
  }

  /** Takes what the catch-up read: nothing to do unless another instance (or this one) changed rules or clock since. */
  caughtUp(row: ControlRow): Promise<void> | undefined {
    if (row.version === this.version) return undefined;
    return this.faults.reload().then(() => {
      this.loadClock(row);
      this.version = row.version;
    });
  }

  windows(sandbox: string, service: string): WindowCounter {
    return {
      count: async (key, now, windowMs) => {
        const { rows } = await this.pool.query<{ start: string; count: number }>(WINDOW, [sandbox, service, key, now, windowMs]);
        return { start: Number(rows[0]!.start), count: rows[0]!.count };
      },
    };
  }

  async forgetWindows(sandbox?: string, services?: string[]): Promise<void> {
    await this.pool.query('DELETE FROM standin_windows WHERE ($1::text IS NULL OR sandbox = $1) AND ($2::text[] IS NULL OR service = ANY($2))', [sandbox ?? null, services ?? null]);
  }
}
