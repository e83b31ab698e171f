/**
 * npm run bench — Standin against the practical ceilings on this machine and against the peers a user
 * would pick instead (Prism, WireMock), interleaved in rounds (A B C A B C …) so drift hits all alike.
 * Prints requests/s, p50/p99, errors, non-2xx, the server's CPU% and requests/s per core, and ratios.
 * Every load is bounded in time and in requests; every process it starts is stopped, also on Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { withCpu } from './cpu.js';
import { PRISM_W1_PATH, startPrism, startPrismOn, startWireMock, WIREMOCK_W1_PATH } from './peers.js';
import { killAllOnSignal, startCeiling, startStandinProc, type Proc } from './processes.js';
import { merge, perCore, Report, x, type Sample } from './report.js';
import { ACTIONHUB_HEADERS, prepareW2, seedAssets, w1Request, W5_DOC, W5_PATH, w5Request } from './workloads.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
/** One unrecorded load per W1 target before round 1, so that no server (the JVM least) is measured cold. */
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP'] ?? 2);
// autocannon ignores `duration` when `amount` is set, so the count bound is per connection.
const MAX_REQUESTS_PER_CONNECTION = 200_000;

interface Target {
  server: string;
  proc: Proc;
  url: string;
  opts: () => Partial<autocannon.Options>;
  samples: Sample[];
}

async function load(t: Target, seconds = SECONDS): Promise<Sample> {
  const { result: r, cpuPercent } = await withCpu(t.proc.pid, () =>
    autocannon({ url: t.url, connections: CONNECTIONS, duration: seconds, maxConnectionRequests: MAX_REQUESTS_PER_CONNECTION, ...t.opts() }),
  );
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpu: cpuPercent };
}

function target(server: string, proc: Proc, opts: () => Partial<autocannon.Options>, path = ''): Target {
  return { server, proc, url: `${proc.url}${path}`, opts, samples: [] };
}

async function coldStart(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const p = await startStandinProc('cold', ['--in-memory', '--log-level', 'warn']);
    try {
      for (;;) {
        const ok = await fetch(`${p.url}/__admin/health`).then((r) => r.status === 200, () => false);
        if (ok) break;
        if (performance.now() - t0 > 30_000) throw new Error('cold start took over 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - t0);
    } finally {
      await p.stop();
    }
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  // What is measured is what `npm start` runs: the built code, rebuilt so it matches the sources.
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  const dir = await mkdtemp(join(tmpdir(), 'standin-bench-'));
  const procs: Proc[] = [];
  killAllOnSignal(() => rm(dir, { recursive: true, force: true }));
  const started = async (p: Promise<Proc>) => {
    const proc = await p;
    procs.push(proc);
    return proc;
  };
  try {
    const node = await started(startCeiling('raw-node'));
    const expressApp = await started(startCeiling('bare-express'));
    const standin = await started(startStandinProc('standin', ['--db', join(dir, 'w1.json'), '--log-level', 'warn']));
    const big = await started(startStandinProc('standin-100k', ['--db', join(dir, 'w3.json'), '--log-level', 'warn']));
    const prism = await started(startPrism());
    const wiremock = await started(startWireMock(join(dir, 'wiremock')));
    const mounted = await started(startStandinProc('standin-spec', ['--in-memory', '--log-level', 'warn', '--spec', `petstore=${W5_DOC}`]));
    const prismDoc = await started(startPrismOn(W5_DOC, W5_PATH));
    process.stdout.write('seeding 100,000 assets for W3 … ');
    await seedAssets(big.url, 100_000);
    console.log('done');
    const w2 = await prepareW2(standin.url);

    const w1 = {
      node: target('raw node:http', node, () => w1Request()),
      express: target('bare Express', expressApp, () => w1Request()),
      standin: target('Standin', standin, () => w1Request()),
      big: target('Standin', big, () => w1Request()),
      prism: target('Prism (validating mock)', prism, () => w1Request(PRISM_W1_PATH)),
      wiremock: target('WireMock (stub)', wiremock, () => w1Request(WIREMOCK_W1_PATH)),
    };
    const get = () => ({ method: 'GET' as const });
    const w2s = w2 && {
      node: target('raw node:http', node, get),
      express: target('bare Express', expressApp, get),
      standin: target('Standin', standin, () => ({ method: 'GET', headers: w2.headers }), w2.path),
    };
    const w5 = {
      standin: target('Standin (--spec)', mounted, w5Request, `/petstore${W5_PATH}`),
      prism: target('Prism (same document)', prismDoc, w5Request, W5_PATH),
    };
    if (WARMUP_SECONDS > 0) {
      console.log(`warm-up: ${WARMUP_SECONDS}s per W1 and W5 target, not recorded`);
      for (const t of [...Object.values(w1), ...Object.values(w5)]) await load(t, WARMUP_SECONDS);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      for (const t of [...Object.values(w1), ...Object.values(w2s ?? {}), ...Object.values(w5)]) t.samples.push(await load(t));
    }
    const peak = await big.peakRssMiB();
    // W3's writes add assets too: say how many the process held when its peak was read.
    const held = (await (await fetch(`${big.url}/actionhub/assets?size=1`, { headers: ACTIONHUB_HEADERS })).json()) as { total: number };
    const cold = await coldStart();

    const report = new Report();
    const [n1, e1, s1, s3, p1, m1] = [w1.node, w1.express, w1.standin, w1.big, w1.prism, w1.wiremock].map((t) => merge(t.samples)) as [Sample, Sample, Sample, Sample, Sample, Sample];
    report.row('W1 write', w1.node.server, n1);
    report.row('W1 write', w1.express.server, e1);
    report.row('W1 write', w1.standin.server, s1, `${x(s1.rps / n1.rps)} node, ${x(s1.rps / e1.rps)} Express (target ≥ 0.6)`);
    report.row('W3 write, 100k', w1.big.server, s3, `${x(s3.rps / s1.rps)} W1 (target ≥ 0.9), ${x(s3.rps / e1.rps)} Express`);
    report.row('W1 write', w1.prism.server, p1, `Standin W1 is ${x(s1.rps / p1.rps)} Prism (target ≥ 3)`);
    report.row('W1 write', w1.wiremock.server, m1, `Standin W1 is ${x(s1.rps / m1.rps)} WireMock req/s, ${x(perCore(s1) / perCore(m1))} per core (target ≥ 1.0)`);
    report.target('W1 ≥ 0.6× bare Express', x(s1.rps / e1.rps), s1.rps / e1.rps >= 0.6);
    if (w2s) {
      const [n2, e2, s2] = [w2s.node, w2s.express, w2s.standin].map((t) => merge(t.samples)) as [Sample, Sample, Sample];
      report.row('W2 read', w2s.node.server, n2);
      report.row('W2 read', w2s.express.server, e2);
      report.row('W2 read', w2s.standin.server, s2, `${x(s2.rps / n2.rps)} node, ${x(s2.rps / e2.rps)} Express (target ≥ 0.6)`);
      report.target('W2 ≥ 0.6× bare Express', x(s2.rps / e2.rps), s2.rps / e2.rps >= 0.6);
    } else {
      report.target('W2 ≥ 0.6× bare Express', 'skipped: no sensu service is registered', false);
    }
    const [s5, p5] = [w5.standin, w5.prism].map((t) => merge(t.samples)) as [Sample, Sample];
    report.row('W5 validated GET, mounted Petstore', w5.standin.server, s5, `${x(s5.rps / p5.rps)} Prism (target ≥ 2)`);
    report.row('W5 validated GET, mounted Petstore', w5.prism.server, p5);
    report.target('W5 Standin --spec ≥ 2× Prism (req/s)', x(s5.rps / p5.rps), s5.rps / p5.rps >= 2);
    report.target('W3 ≥ 0.9× W1', x(s3.rps / s1.rps), s3.rps / s1.rps >= 0.9);
    report.target('Standin W1 ≥ 3× Prism (req/s)', x(s1.rps / p1.rps), s1.rps / p1.rps >= 3);
    report.target('Standin W1 ≥ 1.0× WireMock per core', x(perCore(s1) / perCore(m1)), perCore(s1) / perCore(m1) >= 1);
    const coldMedian = (cold[4]! + cold[5]!) / 2;
    report.target('W4 cold start < 1000 ms (median of 10)', `${coldMedian.toFixed(0)} ms`, coldMedian < 1000);
    report.target('peak RSS with 100k assets < 250 MiB', `${peak.toFixed(0)} MiB`, peak < 250);

    console.log(`\n${SECONDS}s × ${ROUNDS} rounds per server, ${CONNECTIONS} connections, interleaved, after a ${WARMUP_SECONDS}s warm-up per W1 target; Standin with a strict-durability db file`);
    console.log('CPU % = CPU time of the server process and its descendants ÷ wall time of the load (100 = one core); req/s per core = req/s ÷ (CPU % / 100)\n');
    report.print();
    console.log(`\nW4 cold start (process start → /__admin/health 200), median of 10: ${cold[4]!.toFixed(0)}–${cold[5]!.toFixed(0)} ms; min ${cold[0]!.toFixed(0)}, max ${cold[9]!.toFixed(0)}`);
    console.log(`Peak RSS of Standin seeded with 100,000 ActionHub assets, through W3 (${held.total.toLocaleString('en-US')} stored at the end): ${peak.toFixed(0)} MiB`);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
