import { readFile, writeFile, appendFile, stat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, DbFileError } from '../../src/core/state/store.js';
import { SnapshotParseError } from '../../src/core/state/snapshot-file.js';
import { ServiceStore } from '../../src/core/state/service-store.js';
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

/** As after SIGKILL: the holder of the db's lock is gone, so the next open takes the lock over. */
const holderDied = (path: string) => rm(`${path}.lock`);

describe('Store', () => {
  it('keeps what was written across a close and reopen', async () => {
    const path = await dbPath();
    const s1 = await Store.open({ path });
    const svc = new ServiceStore<Data>(s1, 'default', 'demo');
    await svc.write((tx) => {
      tx.tenant('t1').put('items', 'a', { n: 1 });
      tx.shared.put('keys', 'k', { v: 'x' });
    });
    await s1.close();
    const s2 = await Store.open({ path });
    const again = new ServiceStore<Data>(s2, 'default', 'demo');
    expect(again.tenant('t1').get('items', 'a')).toEqual({ n: 1 });
    expect(again.shared.get('keys', 'k')).toEqual({ v: 'x' });
    expect(again.tenant('t2').count('items')).toBe(0);
    await s2.close();
  });

  it('recovers acknowledged writes from the log when the process died before a snapshot', async () => {
    const path = await dbPath();
    const s1 = await Store.open({ path });
    const svc = new ServiceStore<Data>(s1, 'default', 'demo');
    for (let i = 0; i < 5; i++) await svc.write((tx) => tx.tenant('t').put('items', `i${i}`, { n: i }));
    // No close(): as after SIGKILL, only the log holds the writes.
    await holderDied(path);
    const s2 = await Store.open({ path });
    expect(new ServiceStore<Data>(s2, 'default', 'demo').tenant('t').values('items')).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    await s2.close();
    await s1.close(); // the "dead" store's file handles, which GC would otherwise close with a warning
  });

  it('cuts off a torn last log line (never acknowledged) and keeps the rest', async () => {
    const path = await dbPath();
    const s1 = await Store.open({ path });
    await new ServiceStore<Data>(s1, 'default', 'demo').write((tx) => tx.tenant('t').put('items', 'ok', { n: 1 }));
    await appendFile(`${path}.wal`, '{"seq":99,"ops":[{"p":["default","demo","t","t","items","torn"],"v":{"n"');
    await holderDied(path);
    const s2 = await Store.open({ path });
    const view = new ServiceStore<Data>(s2, 'default', 'demo').tenant('t');
    expect(view.get('items', 'ok')).toEqual({ n: 1 });
    expect(view.has('items', 'torn')).toBe(false);
    await new ServiceStore<Data>(s2, 'default', 'demo').write((tx) => tx.tenant('t').put('items', 'after', { n: 2 }));
    await holderDied(path);
    const s3 = await Store.open({ path });
    expect(new ServiceStore<Data>(s3, 'default', 'demo').tenant('t').get('items', 'after')).toEqual({ n: 2 });
    await s3.close();
    await s2.close();
    await s1.close();
  });

  it('shares one log append among concurrent writes (group commit)', async () => {
    const path = await dbPath();
    const s = await Store.open({ path });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    await Promise.all(Array.from({ length: 200 }, (_, i) => svc.write((tx) => tx.tenant('t').put('items', `k${i}`, { n: i }))));
    const lines = (await readFile(`${path}.wal`, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(20);
    expect(svc.tenant('t').count('items')).toBe(200);
    await s.close();
  });

  it('folds the log into the snapshot once it grows past the bound, and on close', async () => {
    const path = await dbPath();
    const s = await Store.open({ path, compactAtBytes: 2000 });
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    for (let i = 0; i < 50; i++) await svc.write((tx) => tx.tenant('t').put('items', `k${i}`, { n: i }));
    expect((await stat(`${path}.wal`)).size).toBeLessThan(2000);
    const snap = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(snap.sandboxes.default.demo.tenants.t.items).length).toBeGreaterThan(10);
    await s.close();
    expect((await stat(`${path}.wal`)).size).toBe(0);
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).sandboxes.default.demo.tenants.t.items)).toHaveLength(50);
  });

  it('refuses a db file that is not JSON, naming it, and leaves it untouched', async () => {
    const path = await dbPath();
    await writeFile(path, '{"schemaVersion": 1, oops');
    await expect(Store.open({ path })).rejects.toThrow(SnapshotParseError);
    await expect(Store.open({ path })).rejects.toThrow(path);
    expect(await readFile(path, 'utf8')).toBe('{"schemaVersion": 1, oops');
  });

  it('refuses JSON that is not a Standin db, and leaves it untouched', async () => {
    const path = await dbPath();
    await writeFile(path, '{"posts": []}');
    await expect(Store.open({ path })).rejects.toThrow(DbFileError);
    expect(await readFile(path, 'utf8')).toBe('{"posts": []}');
  });

  it('keeps keys such as __proto__ as plain records', async () => {
    const path = await dbPath();
    const s1 = await Store.open({ path });
    await new ServiceStore<Data>(s1, 'default', 'demo').write((tx) => tx.tenant('__proto__').put('items', '__proto__', { n: 7 }));
    await s1.close();
    const s2 = await Store.open({ path });
    expect(new ServiceStore<Data>(s2, 'default', 'demo').tenant('__proto__').get('items', '__proto__')).toEqual({ n: 7 });
    expect(({} as Record<string, unknown>)['n']).toBeUndefined();
    await s2.close();
  });

  it('answers in memory at once and writes nothing without a path', async () => {
    const s = await Store.open();
    const svc = new ServiceStore<Data>(s, 'default', 'demo');
    await svc.write((tx) => tx.tenant('t').put('items', 'a', { n: 1 }));
    expect(s.persistent).toBe(false);
    expect(svc.tenant('t').get('items', 'a')).toEqual({ n: 1 });
    await s.close();
  });
});
