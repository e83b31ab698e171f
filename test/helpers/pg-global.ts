import type { TestProject } from 'vitest/node';
import { pgBinDir, startPgCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A throw-away cluster's base URL (no database), or '' when PostgreSQL's server is not installed. */
    pgUrl: string;
  }
}

/** One throw-away PostgreSQL cluster for the whole run; each test file makes its own database in it. */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env['STANDIN_PG_URL'] !== undefined || !pgBinDir()) {
    project.provide('pgUrl', process.env['STANDIN_PG_URL'] ?? '');
    return () => {};
  }
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
