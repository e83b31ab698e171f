/**
 * npm run bench — Standin against the practical ceilings on this machine, interleaved in rounds
 * (A B C A B C …) so drift hits all alike. Prints requests/s, p50/p99, errors, non-2xx and ratios.
 * Every load is bounded in time and in requests; every process it starts is stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startCeiling, startStandinProc, type Proc } from './processes.js';
import { ACTIONHUB_HEADERS, prepareW2, w1Request, seedAssets } from './workloads.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
// autocannon ignores `duration` when `amount` is set, so the count bound is per connection.
const MAX_REQUESTS_PER_CONNECTION = 200_000;

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Sample> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, maxConnectionRequests: MAX_REQUESTS_PER_CONNECTION, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

function merge(samples: Sample[]): Sample {
  const avg = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0) / samples.length;
  return { rps: avg((s) => s.rps), p50: avg((s) => s.p50), p99: avg((s) => s.p99), errors: samples.reduce((a, s) => a + s.errors, 0), non2xx: samples.reduce((a, s) => a + s.non2xx, 0) };
}

const rows: string[][] = [];
function row(workload: string, server: string, s: Sample, note = '') {
  rows.push([workload, server, s.rps.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1), String(s.errors), String(s.non2xx), note]);
}

async function coldStart(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const p = await startStandinProc('cold', ['--in-memory', '--log-level', 'warn']);
    for (;;) {
      const ok = await fetch(`${p.url}/__admin/health`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (performance.now() - t0 > 30_000) throw new Error('cold start took over 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    times.push(performance.now() - t0);
    await p.stop();
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-bench-'));
  const procs: Proc[] = [];
  const abort = () => {
    for (const p of procs) p.child.kill('SIGKILL');
    void rm(dir, { recursive: true, force: true }).finally(() => process.exit(130));
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const node = await startCeiling('raw-node');
    const expressApp = await startCeiling('bare-express');
    procs.push(node, expressApp);
    const standin = await startStandinProc('standin', ['--db', join(dir, 'w1.json'), '--log-level', 'warn']);
    const big = await startStandinProc('standin-100k', ['--db', join(dir, 'w3.json'), '--log-level', 'warn']);
    procs.push(standin, big);
    process.stdout.write('seeding 100,000 assets for W3 … ');
    await seedAssets(big.url, 100_000);
    console.log('done');
    const w2 = await prepareW2(standin.url);

    const w1: Record<string, Sample[]> = { node: [], express: [], standin: [], big: [] };
    const w2s: Record<string, Sample[]> = { node: [], express: [], standin: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      w1.node!.push(await load(node.url, w1Request()));
      w1.express!.push(await load(expressApp.url, w1Request()));
      w1.standin!.push(await load(`${standin.url}`, w1Request()));
      w1.big!.push(await load(`${big.url}`, w1Request()));
      if (w2) {
        w2s.node!.push(await load(node.url, { method: 'GET' }));
        w2s.express!.push(await load(expressApp.url, { method: 'GET' }));
        w2s.standin!.push(await load(`${standin.url}${w2.path}`, { method: 'GET', headers: w2.headers }));
      }
    }
    const peak = await big.peakRssMiB();
    // W3's writes add assets too: say how many the process held when its peak was read.
    const held = (await (await fetch(`${big.url}/actionhub/assets?size=1`, { headers: ACTIONHUB_HEADERS })).json()) as { total: number };
    const cold = await coldStart();

    const n1 = merge(w1.node!), e1 = merge(w1.express!), s1 = merge(w1.standin!), s3 = merge(w1.big!);
    row('W1 write', 'raw node:http', n1);
    row('W1 write', 'bare Express', e1);
    row('W1 write', 'Standin', s1, `${(s1.rps / n1.rps).toFixed(2)}× node, ${(s1.rps / e1.rps).toFixed(2)}× Express (target ≥ 0.6)`);
    row('W3 write, 100k', 'Standin', s3, `${(s3.rps / s1.rps).toFixed(2)}× W1 (target ≥ 0.8), ${(s3.rps / e1.rps).toFixed(2)}× Express`);
    if (w2) {
      const n2 = merge(w2s.node!), e2 = merge(w2s.express!), s2 = merge(w2s.standin!);
      row('W2 read', 'raw node:http', n2);
      row('W2 read', 'bare Express', e2);
      row('W2 read', 'Standin', s2, `${(s2.rps / n2.rps).toFixed(2)}× node, ${(s2.rps / e2.rps).toFixed(2)}× Express (target ≥ 0.6)`);
    }
    const header = ['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'ratio'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    console.log(`\n${SECONDS}s × ${ROUNDS} rounds per server, ${CONNECTIONS} connections, interleaved; Standin with a strict-durability db file\n`);
    console.log(fmt(header));
    for (const r of rows) console.log(fmt(r));
    if (!w2) console.log('W2 read skipped: no sensu service is registered');
    console.log(`\nW4 cold start (process start → /__admin/health 200), median of 10: ${cold[4]!.toFixed(0)}–${cold[5]!.toFixed(0)} ms (target < 1500); min ${cold[0]!.toFixed(0)}, max ${cold[9]!.toFixed(0)}`);
    console.log(`Peak RSS of Standin seeded with 100,000 ActionHub assets, through W3 (${held.total.toLocaleString('en-US')} stored at the end): ${peak.toFixed(0)} MiB (target < 300)`);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
