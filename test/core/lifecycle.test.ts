import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/core/boot/repo-root.js';
import { startCli } from '../helpers/process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const groups: ChildProcess[] = [];
afterAll(() => {
  for (const g of groups) {
    try {
      process.kill(-g.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

async function serving(url: string): Promise<boolean> {
  return fetch(`${url}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
}

/** Standin started by a shell that does not pass signals on (as `sh -c` under npm does), in a group of its own. */
async function underShell(extra: string[]): Promise<{ shell: ChildProcess; url: string }> {
  const cmd = `node --import tsx src/main.ts --port 0 --in-memory --log-level warn ${extra.join(' ')}; true`;
  const shell = spawn('sh', ['-c', cmd], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  groups.push(shell);
  let out = '';
  shell.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 400; i++) {
    const m = /Standin is running on (http:\/\/\S+)/.exec(out);
    if (m) return { shell, url: m[1]! };
    await sleep(50);
  }
  throw new Error(`did not start: ${out}`);
}

describe('stopping', () => {
  it('SIGTERM finishes the requests in flight, then exits 0', async () => {
    const p = await startCli(['--in-memory']);
    await fetch(`${p.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'actionhub', latencyMs: 1200 }) });
    const slow = fetch(`${p.url}/actionhub/labels`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p' } });
    await sleep(300);
    const exit = p.stop('SIGTERM');
    expect((await slow).status).toBe(200);
    expect(await exit).toBe(0);
  });

  it("a second SIGINT right after the first (npm relaying the terminal's Ctrl-C) does not cut the stop short", async () => {
    const p = await startCli(['--in-memory']);
    await fetch(`${p.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'actionhub', latencyMs: 800 }) });
    const slow = fetch(`${p.url}/actionhub/labels`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p' } });
    await sleep(200);
    p.child.kill('SIGINT');
    const exit = p.stop('SIGINT');
    expect((await slow).status).toBe(200);
    expect(await exit).toBe(0);
  });

  it('SIGHUP (a closed terminal) stops it cleanly too', async () => {
    const p = await startCli(['--in-memory']);
    expect(await p.stop('SIGHUP')).toBe(0);
  });

  it('when the process that started it is killed without passing anything on, it stops within a few seconds', async () => {
    const { shell, url } = await underShell([]);
    expect(await serving(url)).toBe(true);
    shell.kill('SIGKILL');
    let up = true;
    for (let i = 0; i < 25 && up; i++) {
      await sleep(200);
      up = await serving(url);
    }
    expect(up).toBe(false);
  });

  it('--detached keeps it serving after that', async () => {
    const { shell, url } = await underShell(['--detached']);
    shell.kill('SIGKILL');
    await sleep(2500);
    expect(await serving(url)).toBe(true);
    process.kill(-shell.pid!, 'SIGTERM');
  });
});
