/**
 * npm run profile -- w1|w2 [dir]: runs one workload against a Standin started with --cpu-prof and writes
 * the profile (open it in Chrome DevTools or speedscope). For finding hot spots; `npm run bench` measures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { killAllOnSignal, startProc } from './processes.js';
import { prepareW2, w1Request } from './workloads.js';

const workload = process.argv[2] ?? 'w1';
const out = process.argv[3] ?? join(tmpdir(), 'standin-prof');
const dir = await mkdtemp(join(tmpdir(), 'standin-prof-db-'));
killAllOnSignal(() => rm(dir, { recursive: true, force: true }));
const p = await startProc('standin', ['--cpu-prof', `--cpu-prof-dir=${out}`, 'src/main.ts', '--port', '0', ...(process.env['PROFILE_MEMORY'] ? ['--in-memory'] : ['--db', join(dir, 'db.json')]), '--log-level', 'warn'], /Standin is running on (http:\/\/\S+)/);
try {
  let opts: Partial<autocannon.Options> = w1Request();
  let url = p.url;
  if (workload === 'w2') {
    const w2 = await prepareW2(p.url);
    if (!w2) throw new Error('W2 needs the sensu service');
    opts = { method: 'GET', headers: w2.headers };
    url = `${p.url}${w2.path}`;
  }
  const r = await autocannon({ url, connections: 10, duration: 8, ...opts });
  console.log(`${workload}: ${r.requests.average} req/s, non-2xx ${r.non2xx}`);
} finally {
  await p.stop();
  await rm(dir, { recursive: true, force: true });
}
console.log(`profile written to ${out}`);
