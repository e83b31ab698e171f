import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/core/boot/repo-root.js';
import { cleanup, CONSUMER_SOURCE, packedConsumer, run, STRICT_TSCONFIG, type Consumer } from './consumer.js';

const BANNER = /Standin is running on (http:\/\/\S+)/;
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root: string;
let consumer: Consumer;
const started: ChildProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'standin-pack-'));
  consumer = await packedConsumer(root);
}, 240_000);

afterAll(async () => {
  // Whatever a failed test left running goes with its process group.
  for (const child of started) if (child.exitCode === null && child.pid) killGroup(child.pid, 'SIGKILL');
  await cleanup(root);
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* gone already */
  }
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns a command in a process group of its own and waits (bounded) for Standin's banner. */
async function startServer(command: string, args: string[], cwd: string): Promise<Started> {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600; i++) {
    const m = BANNER.exec(out);
    if (m) return { child, url: m[1]!, output: () => out, exited };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  killGroup(child.pid!, 'SIGKILL');
  throw new Error(`${command} ${args.join(' ')} did not start: ${out}`);
}

/** Whether anything still answers at a URL (bounded wait for it to stop). */
async function stillServing(url: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const up = await fetch(`${url}/__admin/health`, { signal: AbortSignal.timeout(500) }).then(() => true, () => false);
    if (!up) return false;
    await sleep(200);
  }
  return true;
}

describe('installed from the packed tarball into a project of its own', () => {
  it('ships built JavaScript, declarations, specs and fixtures; TypeScript and tsx are not among its dependencies', async () => {
    const pkg = join(consumer.dir, 'node_modules', 'standin');
    const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dev of ['typescript', 'tsx', 'vitest', 'openapi-typescript']) expect(manifest.dependencies[dev]).toBeUndefined();
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/main.js', 'dist/services/webflow/openapi.generated.d.ts', 'specs/admin.openapi.yaml', 'fixtures/webflow']) expect(existsSync(join(pkg, file))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(consumer.dir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(consumer.dir, 'node_modules', 'typescript'))).toBe(false);
  });

  it("type-checks under a strict consumer's tsc (skipLibCheck off; wrong uses refused), and the compiled code runs under plain node", async () => {
    await mkdir(join(consumer.dir, 'src'), { recursive: true });
    await writeFile(join(consumer.dir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
    await writeFile(join(consumer.dir, 'src', 'main.ts'), CONSUMER_SOURCE);
    const tsc = await run(process.execPath, [TSC, '-p', '.'], { cwd: consumer.dir }).catch((e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }));
    expect(tsc.stdout).toBe('');
    // The public declarations reach only themselves and the generated types, none of Standin's internals.
    const listed = await run(process.execPath, [TSC, '-p', '.', '--listFilesOnly'], { cwd: consumer.dir });
    const reached = listed.stdout.split('\n').filter((f) => f.includes('/node_modules/standin/')).map((f) => f.slice(f.indexOf('/node_modules/standin/') + 22)).sort();
    expect(reached).toEqual([
      'dist/core/admin/openapi.generated.d.ts',
      'dist/core/admin/types.d.ts',
      'dist/core/boot/public.d.ts',
      'dist/core/boot/usage-error.d.ts',
      'dist/core/control/journal/query.d.ts',
      'dist/core/control/match.d.ts',
      'dist/core/state/tree.d.ts',
      'dist/index.d.ts',
      ...['actionhub', 'mediapocket', 'sensu', 'webflow'].map((s) => `dist/services/${s}/openapi.generated.d.ts`),
    ]);
    const { stdout } = await run(process.execPath, ['out/main.js'], { cwd: consumer.dir, env: { ...process.env, NODE_OPTIONS: '' } });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    // The demo program's assets, as the shipped fixtures hold them.
    const demo = JSON.parse(await readFile(join(REPO_ROOT, 'fixtures/actionhub/demo-program.json'), 'utf8')) as { tenants: { 'demo-program': { assets: object } } };
    expect(out).toEqual({
      services: ['actionhub', 'mediapocket', 'sensu', 'webflow'],
      refused: expect.stringMatching(/^startStandin\(\): unknown option 'prot'; options: port, /),
      webflow: { status: 200, assets: 3 },
      actionhub: Object.keys(demo.tenants['demo-program'].assets).length,
      ids: ['1', 'default'],
      faulted: 503,
      journaled: 3,
      advanced: '2026-01-01T00:15:00.000Z',
      afterReset: { faults: 0, journal: 0, frozen: false },
    });
  });

  it('the standin bin: --help, --version, serves, exits 0 on SIGTERM and keeps its data', async () => {
    const bin = join(consumer.dir, 'node_modules', '.bin', 'standin');
    const help = await run(bin, ['-h'], { cwd: consumer.dir });
    expect(help.stdout).toMatch(/^Usage: standin \[options\]/);
    for (const flag of ['--port N', '--db PATH', '--state FILE', '--sensu-token-ttl SECONDS', '-h, --help', '--version', '--cors']) expect(help.stdout).toContain(flag);
    expect(help.stdout).not.toContain('VALUE');
    const version = await run(bin, ['--version'], { cwd: consumer.dir });
    expect(version.stdout.trim()).toBe((JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);

    const db = join(consumer.dir, 'data', 'db.json');
    const s = await startServer(bin, ['--port', '0', '--db', db, '--log-level', 'warn'], consumer.dir);
    expect(s.output()).toContain(`${s.url}/webflow/v2`);
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'bin', 'content-type': 'application/json' };
    const w = await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers, body: JSON.stringify({ assets: [{ asset_id: 'kept' }] }) });
    expect(w.status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const stored = JSON.parse(await readFile(db, 'utf8')) as { sandboxes: { default: { actionhub: { tenants: Record<string, { assets: Record<string, unknown> }> } } } };
    expect(stored.sandboxes.default.actionhub.tenants['bin']!.assets['kept']).toEqual({ asset_id: 'kept', asset_name: null, labels: null });
  });
});

describe('npm start runs the built code and leaves no orphan', () => {
  it("SIGTERM to npm's own pid stops the server (exit 0 all the way up)", async () => {
    const s = await startServer('npm', ['start', '--', '--port', '0', '--in-memory', '--log-level', 'warn'], REPO_ROOT);
    expect(s.output()).toContain('dist/main.js');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(await stillServing(s.url, 5000)).toBe(false);
  });

  it('Ctrl-C (SIGINT to the whole group) stops it with exit 0', async () => {
    const s = await startServer('npm', ['start', '--', '--port', '0', '--in-memory', '--log-level', 'warn'], REPO_ROOT);
    killGroup(s.child.pid!, 'SIGINT');
    expect(await s.exited).toBe(0);
    expect(await stillServing(s.url, 5000)).toBe(false);
  });

  it('even SIGKILL to npm (nothing passed on) stops the server within a few seconds', async () => {
    const s = await startServer('npm', ['start', '--', '--port', '0', '--in-memory', '--log-level', 'warn'], REPO_ROOT);
    s.child.kill('SIGKILL');
    await s.exited;
    expect(await stillServing(s.url, 5000)).toBe(false);
  });
});
