import { mkdir, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, DbFileError } from '../../src/core/state/store.js';
import { DbLock, DbLockedError } from '../../src/core/state/lock.js';
import { ServiceStore } from '../../src/core/state/service-store.js';
import type { WriteAt } from '../../src/core/state/wal.js';
import { tmpDir } from '../helpers/app.js';

interface Data {
  tenant: { items: { n: number } };
  shared: { keys: { v: string } };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function dbPath(): Promise<string> {
  const { dir, cleanup } = await tmpDir();
  cleanups.push(cleanup);
  return join(dir, 'db.json');
}
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** A file-system layer whose disk fills up: while `full`, a write takes half its bytes, then fails. */
function fillingDisk(): { writeAt: WriteAt; full: { on: boolean } } {
  const full = { on: false };
  const writeAt: WriteAt = async (fh, buf, offset, length) => {
    if (!full.on) return (await fh.write(buf, offset, length, null)).bytesWritten;
    if (length > 1) return (await fh.write(buf, offset, Math.floor(length / 2), null)).bytesWritten;
    throw enospc();
  };
  return { writeAt, full };
}

const walLines = async (path: string) => (await readFile(`${path}.wal`, 'utf8')).split('\n').filter(Boolean);

describe('Store under storage faults', () => {
  it('a short write is cut back, refused, and changes nothing; the next write goes on the log whole', async () => {
    const path = await dbPath();
    const disk = fillingDisk();
    const s = await Store.open({ path, writeAt: disk.writeAt });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    await svc.write((tx) => tx.tenant('t').put('items', 'before', { n: 1 }));
    const walBefore = (await stat(`${path}.wal`)).size;

    disk.full.on = true;
    const refused = svc.write((tx) => {
      tx.tenant('t').put('items', 'before', { n: 99 });
      tx.tenant('t').put('items', 'new', { n: 2 });
      tx.shared.put('keys', 'k', { v: 'x' });
    });
    // A write made while the refused one is in flight shares its fate: it was applied on top of it.
    const alsoRefused = svc.write((tx) => tx.tenant('other').put('items', 'x', { n: 3 }));
    await expect(refused).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(alsoRefused).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(svc.tenant('t').get('items', 'before')).toEqual({ n: 1 });
    expect(svc.tenant('t').has('items', 'new')).toBe(false);
    expect(svc.shared.has('keys', 'k')).toBe(false);
    expect(svc.tenantKeys()).toEqual(['t']);
    expect((await stat(`${path}.wal`)).size).toBe(walBefore);

    disk.full.on = false;
    await svc.write((tx) => tx.tenant('t').put('items', 'after', { n: 4 }));
    for (const line of await walLines(path)) expect(() => JSON.parse(line)).not.toThrow();
    await rm(`${path}.lock`); // as after SIGKILL
    const again = new ServiceStore<Data>(await Store.open({ path }), 'default', 'demo');
    expect(again.tenant('t').values('items')).toEqual([{ n: 1 }, { n: 4 }]);
    expect(again.tenant('other').count('items')).toBe(0);
    await s.close();
  });

  it('a failed compaction is no write error: the log stays the truth and compaction is tried again', async () => {
    const path = await dbPath();
    const warnings: string[] = [];
    const s = await Store.open({ path, compactAtBytes: 1500, compactRetryMs: 0, warn: (m) => warnings.push(m) });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    // The snapshot's temporary file cannot be made: a folder stands where it goes (EISDIR).
    const tmp = join(path, '..', '.db.json.tmp');
    await mkdir(tmp);
    for (let i = 0; i < 40; i++) await svc.write((tx) => tx.tenant('t').put('items', `k${i}`, { n: i }));
    expect(warnings.some((w) => w.includes('compaction failed (EISDIR)'))).toBe(true);
    expect((await stat(`${path}.wal`)).size).toBeGreaterThan(1500);

    await rm(tmp, { recursive: true });
    await svc.write((tx) => tx.tenant('t').put('items', 'k40', { n: 40 }));
    await s.flush(); // a compaction runs after the write it follows is answered
    expect((await stat(`${path}.wal`)).size).toBeLessThan(1500); // compacted on the retry
    await s.close();
    const again = new ServiceStore<Data>(await Store.open({ path }), 'default', 'demo');
    expect(again.tenant('t').count('items')).toBe(41);
  });

  it('compacts under writes that never stop (the snapshot holds only what is on disk, taken while others wait)', async () => {
    const path = await dbPath();
    const s = await Store.open({ path, compactAtBytes: 4000 });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    const writes: Promise<void>[] = [];
    let largest = 0;
    // A new write every turn of the event loop: there is always one waiting when a log append ends.
    for (let i = 0; i < 600; i++) {
      writes.push(svc.write((tx) => tx.tenant('t').put('items', `k${i}`, { n: i })));
      await new Promise((r) => setImmediate(r));
      largest = Math.max(largest, (await stat(`${path}.wal`)).size);
    }
    await Promise.all(writes);
    expect(largest).toBeLessThan(4 * 4000);
    const snap = JSON.parse(await readFile(path, 'utf8')) as { sandboxes: { default: { demo: { tenants: { t: { items: Record<string, unknown> } } } } } };
    expect(Object.keys(snap.sandboxes.default.demo.tenants.t.items).length).toBeGreaterThan(300);
    await rm(`${path}.lock`); // as after SIGKILL: the snapshot and the log together hold every write
    const again = new ServiceStore<Data>(await Store.open({ path }), 'default', 'demo');
    expect(again.tenant('t').count('items')).toBe(600);
    await s.close();
  });

  it('a damaged line in the middle of the log loses only itself, is named with its byte offset, and its bytes are kept', async () => {
    const path = await dbPath();
    const s = await Store.open({ path });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    await svc.write((tx) => tx.tenant('t').put('items', 'a', { n: 1 }));
    const offset = (await stat(`${path}.wal`)).size;
    // A torn fragment with a whole entry glued on (what an older Standin wrote on a full disk), then JSON that is no entry.
    await writeFile(`${path}.wal`, '{"seq":2,"ops":[{"p":["default","demo","t","t","items","torn"]', { flag: 'a' });
    await svc.write((tx) => tx.tenant('t').put('items', 'glued', { n: 2 }));
    await writeFile(`${path}.wal`, 'null\n', { flag: 'a' });
    await svc.write((tx) => tx.tenant('t').put('items', 'last', { n: 3 }));
    await rm(`${path}.lock`);

    const warnings: string[] = [];
    const s2 = await Store.open({ path, warn: (m) => warnings.push(m) });
    const view = new ServiceStore<Data>(s2, 'default', 'demo').tenant('t');
    expect(view.values('items')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`${path}.wal: line at byte ${offset}`);
    expect(warnings[0]).toContain('kept the whole entry at its end');
    expect(warnings[1]).toContain('not a log entry');
    const copies = (await readdir(join(path, '..'))).filter((f) => f.startsWith('db.json.wal.damaged-'));
    expect(copies).toHaveLength(2);
    await s2.close();
    await s.close();
  });

  it('an entry that cannot be applied stops start-up naming the log, not a TypeError', async () => {
    const path = await dbPath();
    await writeFile(`${path}.wal`, '{"seq":1,"ops":[{"p":["default"],"v":5}]}\n{"seq":2,"ops":[]}\n');
    await expect(Store.open({ path })).rejects.toThrow(DbFileError);
    await expect(Store.open({ path })).rejects.toThrow(`${path}.wal`);
  });
});

describe('one writer per db', () => {
  it('a second open of a db in use is refused, naming the file and the holder; a dead holder is taken over', async () => {
    const path = await dbPath();
    const s = await Store.open({ path });
    await expect(Store.open({ path })).rejects.toThrow(DbLockedError);
    await expect(Store.open({ path })).rejects.toThrow(new RegExp(`${path} is in use by another Standin \\(pid ${process.pid}, .*lock file ${path}\\.lock`));
    await s.close();
    // A lock left by a process that is gone.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, started: '2026-01-01T00:00:00.000Z' }));
    const lock = await DbLock.acquire(path);
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
