import autocannon from 'autocannon';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandinProc, startCeiling } from './processes.js';
import { w1Request } from './workloads.js';
const dir = await mkdtemp(join(tmpdir(), 'q-'));
const variants: [string, string[]][] = [['strict', ['--db', join(dir, 'a.json')]], ['relaxed', ['--db', join(dir, 'b.json'), '--durability', 'relaxed']], ['memory', ['--in-memory']]];
const ex = await startCeiling('bare-express');
for (let round = 0; round < 2; round++) {
  const e = await autocannon({ url: ex.url, connections: 10, duration: 4, ...w1Request() });
  console.log('express', e.requests.average);
  for (const [name, args] of variants) {
    const p = await startStandinProc(name, [...args, '--log-level', 'warn']);
    const r = await autocannon({ url: p.url, connections: 10, duration: 4, ...w1Request() });
    console.log(name, r.requests.average, 'p50', r.latency.p50, 'non2xx', r.non2xx);
    await p.stop();
  }
}
await ex.stop();
