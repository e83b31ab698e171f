import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** The schema this Standin reads and writes. */
export const SCHEMA_VERSION = 1;

// Every table is prefixed, so Standin can share a database with others' tables.
const DDL = `
CREATE TABLE IF NOT EXISTS standin_meta (
  id int PRIMARY KEY CHECK (id = 1),
  schema_version int NOT NULL,
  seq bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS standin_sandboxes (
  sandbox text PRIMARY KEY,
  ord bigserial NOT NULL
);
CREATE TABLE IF NOT EXISTS standin_services (
  sandbox text NOT NULL,
  service text NOT NULL,
  ord bigserial NOT NULL,
  PRIMARY KEY (sandbox, service)
);
CREATE TABLE IF NOT EXISTS standin_records (
  sandbox text NOT NULL,
  service text NOT NULL,
  scope "char" NOT NULL,
  tenant text NOT NULL,
  collection text NOT NULL,
  id text NOT NULL,
  value text NOT NULL,
  ord bigserial NOT NULL,
  PRIMARY KEY (sandbox, service, scope, tenant, collection, id)
);
CREATE TABLE IF NOT EXISTS standin_changes (
  seq bigint PRIMARY KEY,
  ops text NOT NULL
);
CREATE TABLE IF NOT EXISTS standin_blobs (
  key text PRIMARY KEY,
  bytes bytea NOT NULL
);
-- The control plane (control.ts): its version (fault rules and clock; read with every catch-up), the clock, and the journal's digest key.
CREATE TABLE IF NOT EXISTS standin_control (
  id int PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL DEFAULT 0,
  clock_fixed bigint,
  clock_offset bigint NOT NULL DEFAULT 0,
  digest_key text NOT NULL
);
CREATE TABLE IF NOT EXISTS standin_faults (
  ord bigserial PRIMARY KEY,
  sandbox text NOT NULL,
  rule text NOT NULL,
  times int,
  hits int NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS standin_journal (
  ord bigserial PRIMARY KEY,
  sandbox text NOT NULL,
  entry text NOT NULL,
  match text NOT NULL
);
CREATE INDEX IF NOT EXISTS standin_journal_sandbox ON standin_journal (sandbox, ord);
CREATE TABLE IF NOT EXISTS standin_windows (
  sandbox text NOT NULL,
  service text NOT NULL,
  key text NOT NULL,
  start bigint NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (sandbox, service, key)
);
`;

/** Any constant both sides agree on; two instances starting at once migrate one after the other. */
const MIGRATION_LOCK = 0x5374_616e;

export class WrongDatabaseError extends Error {}

/**
 * Creates (or checks) the schema, idempotently, under an advisory lock. Returns whether the database
 * held no Standin state before (a new db).
 */
export async function migrate(client: pg.ClientBase): Promise<boolean> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(DDL);
    const inserted = await client.query('INSERT INTO standin_meta (id, schema_version, seq) VALUES (1, $1, 0) ON CONFLICT (id) DO NOTHING', [SCHEMA_VERSION]);
    await client.query('INSERT INTO standin_control (id, digest_key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32).toString('base64')]);
    const { rows } = await client.query<{ schema_version: number }>('SELECT schema_version FROM standin_meta WHERE id = 1');
    const version = rows[0]?.schema_version;
    if (version !== SCHEMA_VERSION) throw new WrongDatabaseError(`its Standin schema is version ${version}, this Standin knows version ${SCHEMA_VERSION}; Standin will not change it`);
    return inserted.rowCount === 1;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
