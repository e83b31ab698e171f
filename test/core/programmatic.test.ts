import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/app.js';
import { startStandin } from 'standin';

describe('startStandin()', () => {
  it('serves every service on an ephemeral 127.0.0.1 port, in memory, and resets to fixtures', async () => {
    const standin = await startStandin();
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program', 'content-type': 'application/json' };
    const fixtures = (await (await fetch(`${standin.url}/actionhub/assets`, { headers })).json()) as { total: number };
    await fetch(`${standin.url}/actionhub/assets`, { method: 'POST', headers, body: JSON.stringify({ assets: [{ asset_id: 'temp' }] }) });
    const before = (await (await fetch(`${standin.url}/actionhub/assets`, { headers })).json()) as { total: number };
    expect(before.total).toBe(fixtures.total + 1);
    await standin.reset();
    const after = (await (await fetch(`${standin.url}/actionhub/assets`, { headers })).json()) as { total: number };
    expect(after.total).toBe(fixtures.total);
    await standin.close();
    await expect(fetch(`${standin.url}/__admin/health`)).rejects.toThrow();
  });

  it('keeps its state in a db file when given one', async () => {
    const { dir, cleanup } = await tmpDir();
    try {
      const db = join(dir, 'db.json');
      const standin = await startStandin({ db });
      const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'on-disk', 'content-type': 'application/json' };
      const w = await fetch(`${standin.url}/actionhub/assets`, { method: 'POST', headers, body: JSON.stringify({ assets: [{ asset_id: 'kept' }] }) });
      expect(w.status).toBe(200);
      await standin.close();
      expect(JSON.parse(await readFile(db, 'utf8')).sandboxes.default.actionhub.tenants['on-disk'].assets.kept).toEqual({ asset_id: 'kept', asset_name: null, labels: null });
    } finally {
      await cleanup();
    }
  });
});
