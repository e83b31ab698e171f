import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/boot/standin.js';
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

describe('no lost updates under concurrency (Sensu PUTs)', () => {
  it('1,000 concurrent PUTs over 10 names keep exactly one whole version of each, and none of the 1,000 own assets is lost', async () => {
    const { dir, cleanup } = await tmpDir();
    const s = await serve({ services, db: join(dir, 'db.json'), logLevel: 'silent' });
    const login = await fetch(`${s.url}/sensu/auth`, { headers: { authorization: `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}` } });
    const { access_token } = (await login.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const put = (name: string, n: number) =>
      fetch(`${s.url}/sensu/api/core/v2/namespaces/default/assets/${name}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ url: `https://example.com/${n}.tgz`, sha512: String(n).padStart(128, '0'), metadata: { name, namespace: 'default' } }),
      }).then((r) => r.status);
    const statuses = await Promise.all(Array.from({ length: 1000 }, (_, n) => Promise.all([put(`shared-${n % 10}`, n), put(`own-${n}`, n)])));
    expect(statuses.flat().filter((x) => x !== 201)).toEqual([]);
    const list = (await (await fetch(`${s.url}/sensu/api/core/v2/namespaces/default/assets`, { headers })).json()) as { url: string; sha512: string; metadata: { name: string } }[];
    for (let k = 0; k < 10; k++) {
      const a = list.find((x) => x.metadata.name === `shared-${k}`)!;
      // url and sha512 come from the same request: a whole write, never a mix of two.
      expect(a.sha512).toBe(a.url.replace(/^https:\/\/example\.com\/(\d+)\.tgz$/, '$1').padStart(128, '0'));
      expect(Number(a.url.match(/(\d+)\.tgz$/)![1]) % 10).toBe(k);
    }
    expect(list.filter((a) => a.metadata.name.startsWith('own-'))).toHaveLength(1000);
    await s.close();
    await cleanup();
  });
});
