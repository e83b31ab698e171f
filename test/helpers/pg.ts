import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The test run's cluster (test/helpers/pg-global.ts), or '' when PostgreSQL's server is not installed. */
export const pgCluster: string = inject('pgUrl');

/** A new, empty database in the test cluster; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `standin_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client(`${pgCluster}/postgres`);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `${pgCluster}/${name}`;
}
