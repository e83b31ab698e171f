/**
 * W1 with state in PostgreSQL (issue 17): one instance on the JSON file, one on PostgreSQL, and two
 * instances on one PostgreSQL database, each load split over both. Prints requests/s, the CPU of the
 * Standin processes and of PostgreSQL, and PostgreSQL transactions per request. The second part of
 * `npm run bench`; alone: `npm run bench:shared`.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgBinDir, startPgCluster } from '../test/helpers/pg-cluster.js';
import { killAllOnSignal, startStandinProc, type Proc } from './processes.js';
import { treeCpuSeconds } from './cpu.js';
import { w1Request } from './workloads.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);

async function load(url: string, connections: number): Promise<{ total: number; errors: number }> {
  const r = await autocannon({ url, connections, duration: SECONDS, ...w1Request() });
  return { total: r.requests.total, errors: r.non2xx + r.errors };
}

async function xacts(url: string): Promise<number> {
  const c = new pg.Client(url);
  await c.connect();
  const { rows } = await c.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
  await c.end();
  return Number(rows[0]!.n);
}

interface Row {
  name: string;
  rps: number;
  standinCpu: number;
  pgCpu: number;
  xactPerRequest: number | undefined;
}

async function measure(name: string, procs: Proc[], pgPid: number | undefined, db: string | undefined): Promise<Row> {
  // Warm-up (validators compile on first use), not recorded.
  await Promise.all(procs.map((p) => load(p.url, Math.ceil(CONNECTIONS / procs.length)).catch(() => undefined)));
  const cpu = () => procs.reduce((s, p) => s + treeCpuSeconds(p.pid), 0);
  const [c0, p0, x0, t0] = [cpu(), pgPid ? treeCpuSeconds(pgPid) : 0, db ? await xacts(db) : 0, performance.now()];
  const results = await Promise.all(procs.map((p) => load(p.url, Math.ceil(CONNECTIONS / procs.length))));
  const wall = (performance.now() - t0) / 1000;
  const total = results.reduce((s, r) => s + r.total, 0);
  const errors = results.reduce((s, r) => s + r.errors, 0);
  if (errors) console.warn(`${name}: ${errors} answers were not 2xx`);
  return {
    name,
    rps: total / wall,
    standinCpu: ((cpu() - c0) / wall) * 100,
    pgCpu: pgPid ? ((treeCpuSeconds(pgPid) - p0) / wall) * 100 : 0,
    xactPerRequest: db ? ((await xacts(db)) - x0) / total : undefined,
  };
}

async function main(): Promise<void> {
  if (!pgBinDir()) {
    console.log('\nPostgreSQL workloads skipped: no PostgreSQL server binaries (Debian package postgresql) on this machine');
    return;
  }
  // Run alone, it builds what it measures (`npm run bench` has just done so).
  if (process.env['npm_lifecycle_event'] === 'bench:shared') execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  const cluster = await startPgCluster();
  const dir = mkdtempSync(join(tmpdir(), 'standin-bench-'));
  killAllOnSignal(async () => {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows: Row[] = [];
  try {
    const admin = new pg.Client(`${cluster.url}/postgres`);
    await admin.connect();
    for (const name of ['one', 'two']) await admin.query(`CREATE DATABASE bench_${name}`);
    await admin.end();
    const quiet = ['--log-level', 'warn'];

    const file = await startStandinProc('json-file', ['--db', join(dir, 'db.json'), ...quiet]);
    rows.push(await measure('W1, 1 instance, JSON file', [file], undefined, undefined));
    await file.stop();

    const one = await startStandinProc('pg-one', ['--db', `${cluster.url}/bench_one`, ...quiet]);
    rows.push(await measure('W1, 1 instance, PostgreSQL', [one], cluster.pid(), `${cluster.url}/bench_one`));
    await one.stop();

    const two = await Promise.all([0, 1].map((i) => startStandinProc(`pg-two-${i}`, ['--db', `${cluster.url}/bench_two`, ...quiet])));
    rows.push(await measure('W1, 2 instances, one PostgreSQL', two, cluster.pid(), `${cluster.url}/bench_two`));
    await Promise.all(two.map((p) => p.stop()));
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${SECONDS}s per load, ${CONNECTIONS} connections (split over the instances), after a ${SECONDS}s warm-up`);
  console.log('| workload | req/s | Standin CPU (% of a core) | PostgreSQL CPU | PostgreSQL share | PG transactions / request |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const share = r.pgCpu ? `${((r.pgCpu / (r.pgCpu + r.standinCpu)) * 100).toFixed(0)}%` : '–';
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.standinCpu.toFixed(0)}% | ${r.pgCpu ? `${r.pgCpu.toFixed(0)}%` : '–'} | ${share} | ${r.xactPerRequest?.toFixed(2) ?? '–'} |`);
  }
}

await main();
