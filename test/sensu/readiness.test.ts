import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

const ATTEMPTS = 60;

/** A port nobody listens on now (the probe must meet a refused connection before the server is up). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** `curl -fs` in Node: any answer below 400 counts, a refused connection or an error status does not. */
async function probe(url: string): Promise<number | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return undefined;
  }
}

const hasCurl = await promisify(execFile)('curl', ['--version']).then(
  () => true,
  () => false,
);

// The wait-for script: `until curl -fs …/sensu/health; do sleep 1; done` against `npm start`.
describe('a readiness probe loop against a started Standin (src/main.ts, what npm start runs)', () => {
  it('polls GET /sensu/health from before the server listens until it answers 200, in a bounded loop', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/sensu/health`;
    // The probe starts before the process: its first attempts meet a refused connection.
    expect(await probe(url)).toBeUndefined();
    const p = runCli(['--port', String(port), '--in-memory', '--log-level', 'warn']);
    try {
      // The same loop in the shell, with curl, as a container health check or wait-for script runs it (bounded).
      const shellLoop = hasCurl
        ? promisify(execFile)('sh', ['-c', `i=0; until curl -fs "$1" > /dev/null; do i=$((i+1)); [ $i -ge ${ATTEMPTS} ] && exit 1; sleep 1; done; curl -fsi "$1"`, 'probe', url], {
            timeout: (ATTEMPTS + 10) * 1_000,
          })
        : undefined;
      let status: number | undefined;
      let attempts = 0;
      for (; attempts < ATTEMPTS * 4 && status !== 200; attempts++) {
        status = await probe(url);
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status, p.stderr()).toBe(200);
      expect(attempts).toBeGreaterThan(1); // it was polled while the server was not up yet
      const r = await fetch(url);
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await r.text()).toMatch(/^\{"Alarms":null,"ClusterHealth":\[\{"MemberID":\d+,"Name":"default","Err":"","Healthy":true\}\],"Header":\{.*\}\}\n$/);
      if (shellLoop) {
        const { stdout } = await shellLoop;
        expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(stdout).toContain('"ClusterHealth"');
      } else console.warn('curl is not installed: the shell form of the loop was not run');
      // /version answers as soon as /health does.
      expect(await (await fetch(`http://127.0.0.1:${port}/sensu/version`)).text()).toContain('"sensu_backend":"5.11.0#');
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 90_000);
});
