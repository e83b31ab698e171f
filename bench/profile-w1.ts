// Profiles Standin under the W1 load: node --cpu-prof on the server, autocannon from this process.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startProc } from './processes.js';
import { w1Request } from './workloads.js';

const out = process.argv[2] ?? join(tmpdir(), 'standin-prof');
const dir = await mkdtemp(join(tmpdir(), 'standin-prof-db-'));
const p = await startProc('standin', ['--cpu-prof', `--cpu-prof-dir=${out}`, 'src/main.ts', '--port', '0', '--db', join(dir, 'db.json'), '--log-level', 'warn'], /Standin is running on (http:\/\/\S+)/);
const r = await autocannon({ url: p.url, connections: 10, duration: 8, ...w1Request() });
console.log(`req/s ${r.requests.average}, non2xx ${r.non2xx}`);
await p.stop();
console.log(`profile written to ${out}`);
