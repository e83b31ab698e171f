import type pg from 'pg';
import type { Op } from '../ops.js';
import type { Sandboxes, ServiceStateJson, SandboxJson } from '../tree.js';
import { emptyService } from '../tree.js';

/** One record as a row: (sandbox, service, scope, tenant, collection, id) → value (JSON text; null deletes). */
type Row = [sandbox: string, service: string, scope: string, tenant: string, collection: string, id: string, value: string | null];

function recordRow(op: Op): Row {
  const p = op.p;
  const value = op.v === undefined ? null : JSON.stringify(op.v);
  return p.length === 5 ? [p[0], p[1], 's', '', p[3], p[4], value] : ([p[0], p[1], 't', p[3], p[4], p[5], value] as Row);
}

function serviceRows(sandbox: string, service: string, state: ServiceStateJson): Row[] {
  const rows: Row[] = [];
  for (const [collection, records] of Object.entries(state.shared ?? {})) {
    for (const [id, v] of Object.entries(records)) rows.push([sandbox, service, 's', '', collection, id, JSON.stringify(v)]);
  }
  for (const [tenant, colls] of Object.entries(state.tenants ?? {})) {
    for (const [collection, records] of Object.entries(colls)) {
      for (const [id, v] of Object.entries(records)) rows.push([sandbox, service, 't', tenant, collection, id, JSON.stringify(v)]);
    }
  }
  return rows;
}

// Rows go as one array per column: one statement for any number of records.
const COLUMNS = '$1::text[], $2::text[], $3::"char"[], $4::text[], $5::text[], $6::text[], $7::text[]';
const WRITE_ROWS = `
WITH d(sandbox, service, scope, tenant, collection, id, value) AS (SELECT * FROM unnest(${COLUMNS})),
sb AS (INSERT INTO standin_sandboxes (sandbox) SELECT DISTINCT sandbox FROM d ON CONFLICT DO NOTHING),
sv AS (INSERT INTO standin_services (sandbox, service) SELECT DISTINCT sandbox, service FROM d ON CONFLICT DO NOTHING),
del AS (
  DELETE FROM standin_records r USING d
  WHERE d.value IS NULL AND r.sandbox = d.sandbox AND r.service = d.service AND r.scope = d.scope
    AND r.tenant = d.tenant AND r.collection = d.collection AND r.id = d.id
)
INSERT INTO standin_records (sandbox, service, scope, tenant, collection, id, value)
SELECT * FROM d WHERE value IS NOT NULL
ON CONFLICT (sandbox, service, scope, tenant, collection, id) DO UPDATE SET value = EXCLUDED.value`;

async function writeRows(client: pg.ClientBase, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  // One statement may touch a row once: the last write of a record wins, as applying the ops in order would.
  const last = new Map<string, Row>();
  for (const r of rows) {
    const key = r.slice(0, 6).join('\0');
    last.delete(key);
    last.set(key, r);
  }
  const columns: (string | null)[][] = [[], [], [], [], [], [], []];
  for (const r of last.values()) for (let i = 0; i < 7; i++) columns[i]!.push(r[i]!);
  await client.query(WRITE_ROWS, columns);
}

async function replaceService(client: pg.ClientBase, sandbox: string, service: string, state: ServiceStateJson | undefined): Promise<void> {
  await client.query('DELETE FROM standin_records WHERE sandbox = $1 AND service = $2', [sandbox, service]);
  if (state === undefined) return void (await client.query('DELETE FROM standin_services WHERE sandbox = $1 AND service = $2', [sandbox, service]));
  await client.query('INSERT INTO standin_sandboxes (sandbox) VALUES ($1) ON CONFLICT DO NOTHING', [sandbox]);
  await client.query('INSERT INTO standin_services (sandbox, service) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sandbox, service]);
  await writeRows(client, serviceRows(sandbox, service, state));
}

async function replaceSandbox(client: pg.ClientBase, sandbox: string, state: SandboxJson | undefined): Promise<void> {
  await client.query('DELETE FROM standin_records WHERE sandbox = $1', [sandbox]);
  await client.query('DELETE FROM standin_services WHERE sandbox = $1', [sandbox]);
  if (state === undefined) return void (await client.query('DELETE FROM standin_sandboxes WHERE sandbox = $1', [sandbox]));
  await client.query('INSERT INTO standin_sandboxes (sandbox) VALUES ($1) ON CONFLICT DO NOTHING', [sandbox]);
  for (const [service, s] of Object.entries(state)) await replaceService(client, sandbox, service, s);
}

/** Writes the ops, in order, inside the caller's transaction; a run of record ops is one statement. */
export async function writeOps(client: pg.ClientBase, ops: readonly Op[]): Promise<void> {
  let run: Row[] = [];
  for (const op of ops) {
    if (op.p.length >= 5) {
      run.push(recordRow(op));
      continue;
    }
    await writeRows(client, run);
    run = [];
    if (op.p.length === 2) await replaceService(client, op.p[0], op.p[1], op.v as ServiceStateJson | undefined);
    else await replaceSandbox(client, op.p[0], op.v as SandboxJson | undefined);
  }
  await writeRows(client, run);
}

const LOAD = `
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT seq FROM standin_meta WHERE id = 1;
SELECT sandbox FROM standin_sandboxes ORDER BY ord;
SELECT sandbox, service FROM standin_services ORDER BY ord;
SELECT sandbox, service, scope, tenant, collection, id, value FROM standin_records ORDER BY ord;
COMMIT`;

/** The whole state, read in one consistent snapshot, into `into` (emptied first), with the seq it is at. */
export async function loadAll(client: pg.ClientBase, into: Sandboxes): Promise<number> {
  const results = (await client.query(LOAD)) as unknown as pg.QueryResult<Record<string, string>>[];
  const [meta, sandboxes, services, records] = [results[1]!, results[2]!, results[3]!, results[4]!];
  into.clear();
  for (const r of sandboxes.rows) into.set(r['sandbox']!, new Map());
  for (const r of services.rows) into.get(r['sandbox']!)?.set(r['service']!, emptyService());
  for (const r of records.rows) {
    const s = into.get(r['sandbox']!)?.get(r['service']!);
    if (!s) continue;
    let colls = s.shared;
    if (r['scope'] === 't') {
      const tenant = r['tenant']!;
      colls = s.tenants.get(tenant) ?? new Map();
      s.tenants.set(tenant, colls);
    }
    let coll = colls.get(r['collection']!);
    if (!coll) colls.set(r['collection']!, (coll = new Map()));
    coll.set(r['id']!, JSON.parse(r['value']!));
  }
  return Number(meta.rows[0]!['seq']);
}
