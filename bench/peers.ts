/**
 * The peers a user would pick instead of Standin for W1, started on 127.0.0.1 from packages in
 * node_modules (nothing is downloaded at run time):
 * - Stoplight Prism's mock of specs/actionhub.openapi.yaml: validates each request (security, headers,
 *   body) against the spec and answers the spec's example;
 * - WireMock standalone (the jar bundled in the `wiremock` npm package, run by `java`) with one stub
 *   for POST /actionhub/assets that answers a fixed JSON, its request journal on and bounded to 1,000
 *   entries, as Standin's journal is (WireMock's users verify against it; Standin journals every request).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { printed, ROOT, spawnServer, type Proc } from './processes.js';
import { ACTIONHUB_HEADERS, w1Body } from './workloads.js';

const requireHere = createRequire(join(ROOT, 'package.json'));

/** A port nobody listens on now, chosen by the kernel (for servers that cannot be given port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Prism serves the spec's paths as they are: `/assets`, where Standin mounts ActionHub on `/actionhub`. */
export const PRISM_W1_PATH = '/assets';
export const WIREMOCK_W1_PATH = '/actionhub/assets';

/**
 * `prism mock` with its defaults (request validation on, static examples, CORS headers) except the log
 * level: `warn`, as Standin runs in the bench, instead of several info lines per request.
 */
export async function startPrism(): Promise<Proc> {
  const p = await startPrismOn('specs/actionhub.openapi.yaml', PRISM_W1_PATH);
  await checked(p, PRISM_W1_PATH);
  return p;
}

/** `prism mock DOC`, ready once it answers `readyPath` at all. */
export async function startPrismOn(doc: string, readyPath: string): Promise<Proc> {
  const pkg = requireHere.resolve('@stoplight/prism-cli/package.json');
  const { bin } = requireHere(pkg) as { bin: { prism: string } };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // At `warn` Prism prints nothing when it listens: ready when it answers anything.
  const answers = () =>
    fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) }).then(
      () => url,
      () => undefined,
    );
  const args = [join(dirname(pkg), bin.prism), 'mock', doc, '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'warn'];
  return spawnServer('prism', process.execPath, args, answers, 60_000);
}

async function wiremockJar(): Promise<string> {
  const dir = join(dirname(requireHere.resolve('wiremock/package.json')), 'build');
  const jars = (await readdir(dir)).filter((f) => f.endsWith('.jar'));
  if (jars.length !== 1) throw new Error(`expected one jar in ${dir}, found ${jars.length}`);
  return join(dir, jars[0]!);
}

/**
 * `java -jar wiremock-standalone.jar` (the jar the npm package's own launcher runs, without the Node
 * launcher in between), its mappings and files under `rootDir`, then one stub registered through
 * the admin API (not persisted). Given port 0, it prints the port the kernel gave it.
 */
export async function startWireMock(rootDir: string): Promise<Proc> {
  await mkdir(rootDir, { recursive: true });
  const args = ['-jar', await wiremockJar(), '--bind-address', '127.0.0.1', '--port', '0', '--disable-banner', '--max-request-journal-entries', '1000', '--root-dir', rootDir];
  const p = await spawnServer('wiremock', 'java', args, printed(/^port:\s+(\d+)$/m), 60_000);
  try {
    const stub = {
      request: { method: 'POST', url: WIREMOCK_W1_PATH },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ result: '10 assets upserted' }) },
    };
    const r = await fetch(`${p.url}/__admin/mappings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stub) });
    if (r.status !== 201) throw new Error(`WireMock refused the stub: ${r.status} ${await r.text()}`);
    await checked(p, WIREMOCK_W1_PATH);
  } catch (e) {
    await p.stop();
    throw e;
  }
  return p;
}

/** One W1 request before any load: a peer that does not answer it 2xx would measure its error path. */
async function checked(p: Proc, path: string): Promise<void> {
  const r = await fetch(`${p.url}${path}`, { method: 'POST', headers: ACTIONHUB_HEADERS, body: w1Body(0, 0) });
  if (r.status >= 300) {
    const text = await r.text();
    await p.stop();
    throw new Error(`${p.name} answers W1 with ${r.status}: ${text}`);
  }
}
