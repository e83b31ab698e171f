import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/app.js';
import { runCli, startCli } from '../helpers/process.js';

const HEADERS = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'disk', 'content-type': 'application/json' };

/** Mounts a tmpfs of `size` at a new folder; the reason when this machine cannot (not root, no mount). */
async function smallDisk(size: string): Promise<{ dir: string; cleanup: () => Promise<void> } | string> {
  const { dir, cleanup } = await tmpDir();
  const mnt = join(dir, 'disk');
  await mkdir(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (e) {
    await cleanup();
    return `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]})`;
  }
  return {
    dir: mnt,
    cleanup: async () => {
      execFileSync('chattr', ['-R', '-i', mnt], { stdio: 'ignore' });
      execFileSync('umount', [mnt], { stdio: 'ignore' });
      await cleanup();
    },
  };
}

const probe = await smallDisk('1m');
const reason = typeof probe === 'string' ? probe : undefined;
if (typeof probe !== 'string') await probe.cleanup();
if (reason) console.log(`full-disk tests skipped: ${reason}`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
async function disk(size: string): Promise<string> {
  const d = await smallDisk(size);
  if (typeof d === 'string') throw new Error(d);
  cleanups.push(d.cleanup);
  return d.dir;
}

/** A batch of `n` assets, about 330 bytes each on the log. */
const batch = (prefix: string, n: number) => JSON.stringify({ assets: Array.from({ length: n }, (_, i) => ({ asset_id: `${prefix}-${i}`, asset_name: 'x'.repeat(120), labels: ['l'.repeat(60), 'm'.repeat(60), 'n'.repeat(60)] })) });
const post = (url: string, body: string) => fetch(`${url}/actionhub/assets`, { method: 'POST', headers: HEADERS, body });

async function assetIds(url: string): Promise<string[]> {
  const r = await fetch(`${url}/__admin/state?service=actionhub`);
  const state = (await r.json()) as { services: { actionhub: { tenants: Record<string, { assets?: Record<string, unknown> }> } } };
  return Object.keys(state.services.actionhub.tenants['disk']?.assets ?? {}).sort();
}
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe.skipIf(reason !== undefined)('a full disk (db on a small tmpfs, a real process)', () => {
  it('refuses a write the disk cannot take with the service 500, changes nothing, keeps serving, and recovers when space returns', async () => {
    const dir = await disk('2m');
    const db = join(dir, 'db.json');
    const first = await startCli(['--db', db]);
    expect((await post(first.url, batch('ok', 3))).status).toBe(200);
    // Fill the disk but for 16 KiB: a 64 KiB batch cannot be logged, a small one can.
    const { bavail, bsize } = await statfs(dir);
    await writeFile(join(dir, 'filler'), Buffer.alloc(Number(bavail) * bsize - 16 * 1024));

    const refused = await post(first.url, batch('refused', 200));
    expect(refused.status).toBe(500);
    expect(await refused.text()).toBe('Internal Server Error'); // FastAPI's own 500
    expect(await assetIds(first.url)).toEqual(ids('ok', 3)); // nothing of it is visible
    expect((await post(first.url, batch('small', 1))).status).toBe(200); // reads and small writes go on
    expect((await post(first.url, batch('refused2', 200))).status).toBe(500);

    await rm(join(dir, 'filler'));
    expect((await post(first.url, batch('later', 200))).status).toBe(200);
    expect(await first.stop('SIGKILL')).toBe(null);

    for (const line of (await readFile(`${db}.wal`, 'utf8')).split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    const second = await startCli(['--db', db]);
    expect(await assetIds(second.url)).toEqual([...ids('later', 200), ...ids('ok', 3), ...ids('small', 1)].sort());
    expect(await second.stop()).toBe(0);
  });

  it('a compaction refused by the file system (db.json immutable: EPERM) is no write error; the log keeps every write', async () => {
    const dir = await disk('96m');
    const db = join(dir, 'db.json');
    const first = await startCli(['--db', db]);
    execFileSync('chattr', ['+i', db]);
    // 64 KiB batches until the log passes the 16 MiB compaction bound.
    for (let i = 0; i < 280; i++) expect((await post(first.url, batch(`b${i}`, 200))).status).toBe(200);
    expect(first.stdout() + first.stderr()).toContain('compaction failed (EPERM)');
    expect(await first.stop()).toBe(0); // the compaction on stop fails too, and loses nothing
    execFileSync('chattr', ['-i', db]);
    const second = await startCli(['--db', db]);
    expect(await assetIds(second.url)).toHaveLength(280 * 200);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});

describe('one writer per db (real processes)', () => {
  it('a second process on the same db refuses to start in one line naming the file and the holder', async () => {
    const { dir, cleanup } = await tmpDir();
    cleanups.push(cleanup);
    const db = join(dir, 'db.json');
    const first = await startCli(['--db', db]);
    const second = runCli(['--port', '0', '--db', db]);
    expect(await second.exited).toBe(1);
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${db} is in use by another Standin (pid ${first.child.pid}`);
    expect(lines[0]).toContain(`lock file ${db}.lock`);
    // The first one kept serving and writing.
    expect((await post(first.url, batch('still', 1))).status).toBe(200);
    // Killed, its lock is stale: the next start takes it over.
    await first.stop('SIGKILL');
    const third = await startCli(['--db', db]);
    expect(await assetIds(third.url)).toEqual(ids('still', 1));
    expect(await third.stop()).toBe(0);
  });
});
