import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';

const HEADERS = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'race', 'content-type': 'application/json' };
const SHARED_IDS = Array.from({ length: 10 }, (_, i) => `shared-${i}`);

interface Stored {
  services: { actionhub: { tenants: Record<string, { assets: Record<string, { asset_name: string }> }> } };
}

describe('no lost updates under concurrency', () => {
  it('1,000 concurrent ActionHub upserts over overlapping ids end as some serial order would leave them', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const first = await serve({ services, db, logLevel: 'silent' });
    // Request n upserts all ten shared ids with name n, and one id of its own. Run one at a time, every
    // shared id would end with the name of the last request; an interleaved or lost write shows as a mix.
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, n) => {
        const assets = [...SHARED_IDS.map((id) => ({ asset_id: id, asset_name: String(n) })), { asset_id: `own-${n}`, asset_name: String(n) }];
        return fetch(`${first.url}/actionhub/assets`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ assets }) }).then((r) => r.status);
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const check = (state: Stored) => {
      const assets = state.services.actionhub.tenants['race']!.assets;
      const names = new Set(SHARED_IDS.map((id) => assets[id]!.asset_name));
      expect(names.size).toBe(1);
      for (let n = 0; n < 1000; n++) expect(assets[`own-${n}`]?.asset_name).toBe(String(n));
      expect(Object.keys(assets)).toHaveLength(1010);
    };
    const before = (await (await fetch(`${first.url}/__admin/state?service=actionhub`)).json()) as Stored;
    check(before);
    await first.close();
    const second = await serve({ services, db, logLevel: 'silent' });
    const after = (await (await fetch(`${second.url}/__admin/state?service=actionhub`)).json()) as Stored;
    expect(after.services.actionhub.tenants['race']).toEqual(before.services.actionhub.tenants['race']);
    await second.close();
    await cleanup();
  });
});
