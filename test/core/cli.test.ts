import { createServer, type Server } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/core/boot/cli.js';
import { services } from '../../src/services.js';
import { runCli, startCli } from '../helpers/process.js';
import { tmpDir } from '../helpers/app.js';
import { REPO_ROOT } from '../../src/core/boot/repo-root.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function dir(): Promise<string> {
  const d = await tmpDir();
  cleanups.push(d.cleanup);
  return d.dir;
}

describe('parseCli', () => {
  it('reads the documented flags and the PORT and STANDIN_DB variables', () => {
    const a = parseCli(['--port', '5000', '--host', '0.0.0.0', '--db', 'x.json', '--fixtures', 'f', '--seed', '7'], {}, services);
    expect(a.serve).toMatchObject({ port: 5000, host: '0.0.0.0', db: 'x.json', fixtures: 'f', seed: 7 });
    const b = parseCli([], { PORT: '4999', STANDIN_DB: '/tmp/s.json' }, services);
    expect(b.serve).toMatchObject({ port: 4999, host: '127.0.0.1', db: '/tmp/s.json' });
    const c = parseCli(['--in-memory', '--no-fixtures'], {}, services);
    expect(c.serve.db).toBeUndefined();
    expect(c.serve.fixtures).toBe(false);
    expect(parseCli([], {}, services).serve).toMatchObject({ port: 4010, db: '.standin/db.json' });
    // An empty variable is as if unset (as a shell's `PORT= npm start` means).
    expect(parseCli([], { PORT: '', STANDIN_DB: '' }, services).serve).toMatchObject({ port: 4010, db: '.standin/db.json' });
    expect(() => parseCli([], { PORT: 'x' }, services)).toThrow(/^PORT must be/);
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--nope']],
    [['--db', 'a', '--in-memory']],
    [['--durability', 'sometimes']],
  ])('refuses %j with a UsageError', (argv) => {
    expect(() => parseCli(argv, {}, services)).toThrow(UsageError);
  });
});

describe('npm start (src/main.ts) as a process', () => {
  it('prints the options for -h/--help with real placeholders, and the version for --version', async () => {
    for (const flag of ['--help', '-h']) {
      const p = runCli([flag]);
      expect(await p.exited).toBe(0);
      expect(p.stdout()).toMatch(/^Usage: standin \[options\]/);
      for (const shown of ['--no-fixtures', '--port N ', '--db PATH ', '--fixtures DIR ', '--service-port NAME=PORT ', '--webflow-rate-limit N ', '--sensu-token-ttl SECONDS ', '--cors ', '--detached ', '--version ', '-h, --help ']) expect(p.stdout()).toContain(shown);
      expect(p.stdout()).not.toContain('VALUE');
    }
    const v = runCli(['--version']);
    expect(await v.exited).toBe(0);
    expect(v.stdout().trim()).toBe(JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('refuses a --fixtures folder that does not exist, in one line, and names no demo credentials without the fixtures', async () => {
    const missing = runCli(['--in-memory', '--fixtures', join(await dir(), 'nope')]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toMatch(/^standin: --fixtures .*nope: no such folder\n$/);
    const empty = await startCli(['--in-memory', '--no-fixtures']);
    expect(empty.stdout()).not.toContain('demo-actionhub-key');
    expect(await empty.stop()).toBe(0);
  });

  it('answers a bad flag with one clear line and exit code 2', async () => {
    const p = runCli(['--bogus']);
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/^standin: .*bogus.*\nRun 'standin --help'/);
  });

  it('answers a port in use with one line, not a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const p = runCli(['--port', String(port), '--in-memory']);
    expect(await p.exited).toBe(1);
    expect(p.stderr().trim()).toBe(`standin: port ${port} on 127.0.0.1 is already in use; stop the other process or pass --port`);
    blocker.close();
  });

  it('refuses a db file that is not JSON and leaves it untouched', async () => {
    const db = join(await dir(), 'db.json');
    await writeFile(db, 'not json at all');
    const p = runCli(['--port', '0', '--db', db]);
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain(`${db} is not valid JSON`);
    expect(await readFile(db, 'utf8')).toBe('not json at all');
  });

  it('serves on a db file, lists each service in the banner, stops cleanly on SIGTERM and keeps the data for the next start', async () => {
    const db = join(await dir(), 'state', 'db.json');
    const first = await startCli(['--db', db]);
    expect(first.stdout()).toContain(`${first.url}/actionhub`);
    // Webflow's clients put /v2 in their base URL, as the README says.
    expect(first.stdout()).toMatch(new RegExp(`Webflow +${first.url}/webflow/v2 `));
    // A new db is written out at once, seeded from the fixtures.
    expect(JSON.parse(await readFile(db, 'utf8')).sandboxes.default.actionhub.shared.keys['demo-actionhub-key']).toBeDefined();
    const w = await fetch(`${first.url}/actionhub/assets`, {
      method: 'POST',
      headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'restart', 'content-type': 'application/json' },
      body: JSON.stringify({ assets: [{ asset_id: 'kept', asset_name: 'survives' }] }),
    });
    expect(w.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    // The clean stop folded the log into the JSON file.
    expect(JSON.parse(await readFile(db, 'utf8')).sandboxes.default.actionhub.tenants.restart.assets.kept.asset_name).toBe('survives');

    const second = await startCli([], { STANDIN_DB: db });
    const r = await fetch(`${second.url}/actionhub/assets`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'restart' } });
    expect(await r.json()).toEqual({ items: [{ asset_id: 'kept', asset_name: 'survives', labels: null }], total: 1, page: 1, size: 50 });
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('listens on PORT and seeds from --fixtures DIR, or from nothing with --no-fixtures', async () => {
    const free: Server = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as { port: number }).port;
    await new Promise((r) => free.close(r));
    const fixtures = await dir();
    await mkdir(join(fixtures, 'actionhub'));
    await writeFile(join(fixtures, 'actionhub', 'keys.json'), JSON.stringify({ shared: { keys: { 'team-key': {} } } }));
    const p = runCli(['--in-memory', '--fixtures', fixtures, '--log-level', 'warn'], { PORT: String(port) });
    try {
      for (let i = 0; i < 400 && !p.stdout().includes('Standin is running'); i++) await new Promise((r) => setTimeout(r, 50));
      const url = `http://127.0.0.1:${port}`;
      expect(p.stdout()).toContain(`Standin is running on ${url} (in memory)`);
      const as = async (key: string) => (await fetch(`${url}/actionhub/assets`, { headers: { 'actionhub-key': key, 'program-id': 'demo-program' } })).status;
      expect(await as('team-key')).toBe(200);
      expect(await as('demo-actionhub-key')).toBe(403);
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
    const empty = await startCli(['--in-memory', '--no-fixtures']);
    const state = (await (await fetch(`${empty.url}/__admin/state?service=actionhub`)).json()) as { services: Record<string, unknown> };
    expect(state.services.actionhub).toEqual({ shared: {}, tenants: {} });
    expect(await empty.stop('SIGINT')).toBe(0);
  });
});
