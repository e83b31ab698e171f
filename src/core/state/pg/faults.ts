import type pg from 'pg';
import { faultOf, type Fault, type FaultRule, type Faults } from '../../control/faults.js';
import type { SharedFaults } from '../../control/shared.js';

/** Bumps the control version in the same statement, so every instance reloads the rules on its next catch-up. */
const BUMP = 'bump AS (UPDATE standin_control SET version = version + 1 WHERE id = 1)';
const IN_FORCE = '(times IS NULL OR hits < times)';

interface FaultRow {
  ord: string;
  sandbox: string;
  rule: string;
  hits: number;
}

const faultOfRow = (r: FaultRow): Fault => faultOf(`f${r.ord}`, r.sandbox, JSON.parse(r.rule) as FaultRule, r.hits);

/** The id's row number; undefined for an id no rule can have. */
const ordOf = (id: string): string | undefined => /^f([1-9]\d{0,17})$/.exec(id)?.[1];

/**
 * Fault rules in the shared database. Each instance matches against its copy (`local`, reloaded when the
 * control version moves), and counts a hit with one atomic UPDATE, so a `times: 1` rule fires once
 * across every instance; a rule another instance used up is dropped from the copy and the next one tried.
 */
export class PgFaults implements SharedFaults {
  constructor(
    private readonly pool: pg.Pool,
    private readonly local: Faults,
  ) {}

  async reload(): Promise<void> {
    const { rows } = await this.pool.query<FaultRow>(`SELECT ord, sandbox, rule, hits FROM standin_faults WHERE ${IN_FORCE} ORDER BY ord`);
    this.local.load(rows.map(faultOfRow));
  }

  async add(sandbox: string, rule: FaultRule): Promise<Fault> {
    const stored = faultOf('', sandbox, rule);
    const shown: Partial<Fault> = { ...stored };
    delete shown.id;
    delete shown.sandbox;
    delete shown.hits;
    const { rows } = await this.pool.query<FaultRow>(`WITH ${BUMP} INSERT INTO standin_faults (sandbox, rule, times) VALUES ($1, $2, $3) RETURNING ord, sandbox, rule, hits`, [sandbox, JSON.stringify(shown), rule.times ?? null]);
    await this.reload();
    return faultOfRow(rows[0]!);
  }

  async list(sandbox: string): Promise<Fault[]> {
    const { rows } = await this.pool.query<FaultRow>(`SELECT ord, sandbox, rule, hits FROM standin_faults WHERE sandbox = $1 AND ${IN_FORCE} ORDER BY ord`, [sandbox]);
    return rows.map(faultOfRow);
  }

  async remove(sandbox: string | undefined, id?: string): Promise<number> {
    const ord = id === undefined ? null : ordOf(id);
    if (ord === undefined) return 0;
    const { rows } = await this.pool.query<{ n: string }>(
      `WITH ${BUMP}, gone AS (DELETE FROM standin_faults WHERE ($1::text IS NULL OR sandbox = $1) AND ($2::bigint IS NULL OR ord = $2) RETURNING ${IN_FORCE} AS live) SELECT count(*) FILTER (WHERE live) AS n FROM gone`,
      [sandbox ?? null, ord],
    );
    await this.reload();
    return Number(rows[0]!.n);
  }

  async hit(sandbox: string, service: string, method: string, path: string, random: () => number): Promise<Fault | undefined> {
    // Lazily: the dice are rolled for a rule only when the ones before it did not hit.
    for (const f of this.local.candidates(sandbox, service, method, path, random)) {
      const ord = ordOf(f.id);
      const { rows } = await this.pool.query<{ hits: number }>(`UPDATE standin_faults SET hits = hits + 1 WHERE ord = $1 AND ${IN_FORCE} RETURNING hits`, [ord]);
      if (rows[0]) {
        this.local.counted(f, rows[0].hits);
        return { ...f };
      }
      this.local.remove(f.sandbox, f.id); // used up (or removed) through another instance
    }
    return undefined;
  }
}
