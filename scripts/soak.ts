/**
 * npm run soak: Standin as a child process on a db file, SOAK_SECONDS (default 60) of mixed traffic over
 * every registered service from a bounded set of workers, a consistency check of the stored state
 * against every acknowledged write, RSS at start and end, then SOAK_KILLS (default 12) SIGKILL crash
 * rounds. Exits non-zero on any failure. What a service needs (credentials, how to write, where its
 * tenant's data lives) comes from its test kit (test/<service>/kit.ts), and the CLI switches load needs
 * (rate limiting off) from its `cliOptions[].underLoad`, so a new service is soaked too. The CLI child
 * runs the shipped registry, so the test-only fake service is not soaked.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '../src/core/boot/standin.js';
import { loadSpec } from '../src/core/boot/spec.js';
import { services } from '../src/services.js';
import type { TestApp } from '../test/helpers/app.js';
import { fillPath, kitFor, type ServiceKit } from '../test/helpers/kit.js';
import { underLoadArgs } from '../test/helpers/registry.js';
import { startCli, type CliProcess } from '../test/helpers/process.js';
import { crashRound } from '../test/reliability/crash.js';

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 60);
const WORKERS = Number(process.env['SOAK_WORKERS'] ?? 32);
const KILLS = Number(process.env['SOAK_KILLS'] ?? 12);
const SEED = Number(process.env['SOAK_SEED'] ?? 20261122);
const WRITE_SHARE = 0.3;
const JOURNAL_SIZE = 1000; // the CLI's default, passed explicitly below
const JOURNAL_BODY_CAP = 8 * 1024; // src/core/control/journal/entry.ts BODY_CAP, request and response each
const REQUEST_TIMEOUT_MS = 10_000;

/** A small seeded PRNG (mulberry32), so a run's mix of reads, writes and kill points is reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

const failures: string[] = [];
const fail = (what: string) => {
  if (failures.length < 20) failures.push(what);
};

const counts = { served: 0, reads: 0, writes: 0, errors: 0, fiveXX: 0, network: 0 };
const byService: Record<string, { served: number; writes: number }> = {};

/** Counts one answer; anything but a 2xx is an error (the soak sends nothing the service should refuse). */
function answered(service: string, status: number, what: string, text: string): void {
  counts.served++;
  byService[service]!.served++;
  if (status >= 500) counts.fiveXX++;
  if (status < 200 || status >= 300) {
    counts.errors++;
    fail(`${what} → ${status} ${text.slice(0, 200)}`);
  }
}

/** What the kits talk to: supertest on the child's URL, every answer counted, a non-2xx thrown. */
function kitApp(url: string, service: string): TestApp {
  const base = request(url);
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
  const http = new Proxy(base, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !methods.has(prop) || typeof v !== 'function') return v;
      return (path: string) =>
        (v as (p: string) => request.Test).call(target, path).timeout(REQUEST_TIMEOUT_MS).expect((res: request.Response) => {
          answered(service, res.status, `${prop.toUpperCase()} ${path}`, res.text ?? '');
          if (res.status < 200 || res.status >= 300) throw new Error(`${prop.toUpperCase()} ${path} → ${res.status}`);
        });
    },
  });
  // The kits use nothing of a TestApp but `http`.
  return { http } as Pick<TestApp, 'http'> as TestApp;
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}
/** CPU seconds a process has used (utime + stime, in clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

interface Soaked {
  name: string;
  kit: ServiceKit;
  t: TestApp;
  headers: Record<string, string>;
  reads: string[];
  acknowledged: string[];
  /** How many stored values one write leaves carrying its marker (a project, an asset, a comment…). */
  perWrite: number;
}

/** How often each string value occurs in a JSON value (the markers writes carry are stored as string values). */
function strings(v: unknown, into = new Map<string, number>()): Map<string, number> {
  if (typeof v === 'string') into.set(v, (into.get(v) ?? 0) + 1);
  else if (Array.isArray(v)) for (const x of v) strings(x, into);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) strings(x, into);
  return into;
}

async function stateOf(url: string): Promise<{ json: { services: Record<string, { tenants: Record<string, unknown> }> }; bytes: number }> {
  const r = await fetch(`${url}/__admin/state`, { signal: AbortSignal.timeout(60_000) });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`GET /__admin/state → ${r.status}`);
  return { json: JSON.parse(text) as { services: Record<string, { tenants: Record<string, unknown> }> }, bytes: Buffer.byteLength(text) };
}

async function prepare(url: string): Promise<Soaked[]> {
  const out: Soaked[] = [];
  for (const svc of services) {
    byService[svc.name] = { served: 0, writes: 0 };
    let kit: ServiceKit;
    try {
      kit = await kitFor(svc.name);
    } catch {
      throw new Error(`${svc.name} has no test/${svc.name}/kit.ts: the soak drives every registered service through its kit`);
    }
    const t = kitApp(url, svc.name);
    const marker = `soak-seed-${svc.name}`;
    const seeded = kit.paramsOf('a', await kit.seed(t, marker));
    const headers = await kit.auth(t, 'a');
    const perWrite = strings((await stateOf(url)).json.services[svc.name]?.tenants[kit.tenantKeyA]).get(marker) ?? 0;
    if (!perWrite) throw new Error(`${svc.name}: the kit's write leaves no value "${marker}" in tenant ${kit.tenantKeyA}'s stored state`);
    // Reads: every GET the spec documents, on the seeded resources; those the kit's credential
    // cannot make (a login that wants basic credentials) are left out and named.
    const spec = await loadSpec(join(REPO_ROOT, svc.specFile));
    const reads: string[] = [];
    for (const op of spec.operations.filter((o) => o.method === 'get')) {
      // Lists are read a page at a time, as clients do, not whole as they grow.
      const page = op.parameters.find((p) => p.in === 'query' && (p.name === 'limit' || p.name === 'size'));
      const path = `/${svc.name}${fillPath(op.path, seeded)}${page ? `?${page.name}=50` : ''}`;
      const r = await fetch(url + path, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await r.arrayBuffer();
      if (r.status >= 200 && r.status < 300) reads.push(path);
      else console.log(`  (${svc.name}: ${op.operationId} not read: ${r.status} with the kit's credentials)`);
    }
    if (!reads.length) throw new Error(`${svc.name}: no GET operation answers 2xx with the kit's credentials`);
    out.push({ name: svc.name, kit, t, headers, reads, acknowledged: [], perWrite });
  }
  return out;
}

async function traffic(url: string, soaked: Soaked[], deadline: number): Promise<void> {
  const worker = async (w: number) => {
    const random = prng(SEED + w);
    for (let seq = 0; Date.now() < deadline; seq++) {
      const s = soaked[(w + seq) % soaked.length]!;
      if (random() < WRITE_SHARE) {
        counts.writes++;
        byService[s.name]!.writes++;
        const marker = `soak-${w}-${seq}`;
        try {
          await s.kit.seed(s.t, marker);
          s.acknowledged.push(marker);
        } catch (e) {
          if (!/→ \d{3}$/.test((e as Error).message)) {
            counts.network++;
            counts.errors++;
            fail(`${s.name} write ${marker}: ${(e as Error).message}`);
          }
        }
      } else {
        counts.reads++;
        const path = s.reads[Math.floor(random() * s.reads.length)]!;
        try {
          const r = await fetch(url + path, { headers: s.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          answered(s.name, r.status, `GET ${path}`, await r.text());
        } catch (e) {
          counts.network++;
          counts.errors++;
          fail(`GET ${path}: ${(e as Error).message}`);
        }
      }
    }
  };
  // Credentials are renewed every 30 s, so a long soak does not outlive a token.
  const renew = setInterval(() => {
    for (const s of soaked) void s.kit.auth(s.t, 'a').then((h) => (s.headers = h), (e: Error) => fail(`${s.name} auth: ${e.message}`));
  }, 30_000);
  try {
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  } finally {
    clearInterval(renew);
  }
}

async function soak(dir: string): Promise<void> {
  const db = join(dir, 'soak.json');
  // Each service's switches for load (e.g. rate limiting off), as its cliOptions declare them.
  let child: CliProcess | undefined = await startCli(['--db', db, '--journal-size', String(JOURNAL_SIZE), ...underLoadArgs(services)]);
  const stop = () => child?.stop('SIGKILL');
  process.once('SIGINT', () => void stop()?.then(() => process.exit(130)));
  try {
    const url = child.url;
    const pid = child.child.pid!;
    console.log(`soak: Standin pid ${pid} on ${url}, db ${db}; ${SECONDS} s, ${WORKERS} workers, ${Math.round(WRITE_SHARE * 100)}% writes, seed ${SEED}`);
    const soaked = await prepare(url);
    console.log(`  services: ${soaked.map((s) => `${s.name} (${s.reads.length} reads; a write stores ${s.perWrite} values)`).join(', ')}`);
    const before = await stateOf(url);
    const rssStart = await rssKiB(pid);
    const cpuStart = await cpuSeconds(pid);
    const clientStart = process.cpuUsage();
    const started = Date.now();
    const samples: number[] = [];
    const sampler = setInterval(() => void rssKiB(pid).then((k) => samples.push(k), () => undefined), 5000);
    // An idle process is smaller than a busy one (V8 grows its heap under load, then holds it): growth
    // is measured from the end of a warm-up, once the journal is full and the heap has its working size.
    const warmupMs = Math.min(15_000, (SECONDS * 1000) / 4);
    let warm: { rss: number; bytes: number } | undefined;
    const warming = new Promise<void>((resolve) =>
      setTimeout(() => void Promise.all([rssKiB(pid), stateOf(url)]).then(([rss, st]) => (warm = { rss, bytes: st.bytes }), (e: Error) => fail(`warm-up sample: ${e.message}`)).finally(resolve), warmupMs),
    );
    await traffic(url, soaked, started + SECONDS * 1000).finally(() => clearInterval(sampler));
    await warming;
    const elapsed = (Date.now() - started) / 1000;
    const rssEnd = await rssKiB(pid);
    const serverBusy = ((await cpuSeconds(pid)) - cpuStart) / elapsed;
    const client = process.cpuUsage(clientStart);
    const clientBusy = (client.user + client.system) / 1e6 / elapsed;

    // Every acknowledged write must be in tenant a's stored state, whole: every record it made.
    const after = await stateOf(url);
    let checked = 0;
    let missing = 0;
    for (const s of soaked) {
      const stored = strings(after.json.services[s.name]?.tenants[s.kit.tenantKeyA]);
      for (const marker of s.acknowledged) {
        checked++;
        const found = stored.get(marker) ?? 0;
        if (found !== s.perWrite) {
          missing++;
          fail(`${s.name}: acknowledged write ${marker} left ${found} stored values, not ${s.perWrite}`);
        }
      }
    }
    await child.stop('SIGTERM');
    child = undefined;
    JSON.parse(await readFile(db, 'utf8')); // the file is whole after a clean stop
    const dbBytes = (await stat(db)).size;

    const journalBoundKiB = (JOURNAL_SIZE * (2 * JOURNAL_BODY_CAP + 2048)) / 1024; // bodies plus headers and metadata
    const rssWarm = warm?.rss ?? rssStart;
    const stateGrowthKiB = (after.bytes - (warm?.bytes ?? before.bytes)) / 1024;
    // Stored records are held in memory as JS objects (a few times their JSON size); beyond them, growth
    // must stay within the journal's bound plus an allowance for where the GC happens to be (±30 MiB seen).
    const allowedKiB = journalBoundKiB + 4 * stateGrowthKiB + 32 * 1024;
    const growthKiB = rssEnd - rssWarm;

    console.log(`  requests served: ${counts.served} in ${elapsed.toFixed(1)} s (${Math.round(counts.served / elapsed)}/s); reads ${counts.reads}, writes ${counts.writes}`);
    console.log(`  CPU: server ${Math.round(serverBusy * 100)}% of a core, load generator ${Math.round(clientBusy * 100)}%`);
    console.log(`  by service: ${Object.entries(byService).map(([n, x]) => `${n} ${x.served} requests / ${x.writes} writes`).join(', ')}`);
    console.log(`  errors: ${counts.errors} (network ${counts.network}), 5xx seen: ${counts.fiveXX}`);
    console.log(`  writes checked: ${checked} acknowledged, ${checked - missing} found whole in GET /__admin/state, ${missing} missing or partial`);
    console.log(`  state: ${(before.bytes / 1024).toFixed(0)} KiB → ${(after.bytes / 1024).toFixed(0)} KiB (db file ${(dbBytes / 1024).toFixed(0)} KiB, valid JSON after stop)`);
    console.log(`  RSS every 5 s: ${samples.map((k) => (k / 1024).toFixed(0)).join(' ')} MiB`);
    console.log(
      `  RSS (VmRSS): idle ${mib(rssStart)}, start (after ${warmupMs / 1000} s warm-up) ${mib(rssWarm)}, end ${mib(rssEnd)}: growth ${mib(growthKiB)}, allowed ${mib(allowedKiB)} = journal bound ${mib(journalBoundKiB)} [${JOURNAL_SIZE} × (2 × ${JOURNAL_BODY_CAP / 1024} KiB bodies + 2 KiB)] + 4 × state growth ${mib(stateGrowthKiB)} + 32 MiB GC slack`,
    );
    if (counts.errors) fail(`${counts.errors} errors`);
    if (counts.fiveXX) fail(`${counts.fiveXX} 5xx`);
    if (!checked) fail('no write was acknowledged');
    if (growthKiB > allowedKiB) fail(`RSS grew ${mib(growthKiB)}, over the ${mib(allowedKiB)} allowed`);
  } finally {
    await stop();
  }
}

async function crashes(dir: string): Promise<void> {
  const db = join(dir, 'crash.json');
  const random = prng(SEED ^ 0x5eed);
  // Kill points spread over a write storm's first 1.5 s, in a seeded order; one db file throughout.
  const points = Array.from({ length: KILLS }, (_, i) => Math.round(20 + ((i + random()) / KILLS) * 1480)).sort(() => random() - 0.5);
  let total = 0;
  let lost = 0;
  let survived = 0;
  for (const killAfterMs of points) {
    const r = await crashRound(db, killAfterMs);
    total += r.acknowledged;
    lost += r.lost.length;
    const ok = r.lost.length === 0 && r.recovered >= total && r.acknowledged > 0;
    if (ok) survived++;
    else fail(`crash at ${killAfterMs} ms: ${r.acknowledged} acknowledged, ${r.recovered} recovered (expected ≥ ${total}), ${r.lost.length} lost (${r.lost.slice(0, 3).join(', ')})`);
    console.log(`  kill at ${String(killAfterMs).padStart(4)} ms: ${r.acknowledged} writes acknowledged, ${r.recovered} stored after restart, ${r.lost.length} lost`);
  }
  console.log(`crash rounds: ${survived}/${points.length} kills survived, ${total} acknowledged writes checked, ${lost} lost`);
}

const dir = await mkdtemp(join(tmpdir(), 'standin-soak-'));
try {
  await soak(dir);
  console.log(`crash rounds (SIGKILL mid-write, restart on the same file):`);
  await crashes(dir);
} catch (e) {
  fail(`soak aborted: ${(e as Error).stack ?? String(e)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`SOAK FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('soak passed');
