import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { freshDatabase, pgCluster } from '../helpers/pg.js';

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'shared', 'content-type': 'application/json' };

describe.skipIf(!pgCluster)('two instances on one PostgreSQL database', () => {
  let a: RunningStandin;
  let b: RunningStandin;
  beforeAll(async () => {
    const db = await freshDatabase();
    // Started at once: the schema is made once (advisory lock) and the default sandbox seeded once.
    [a, b] = await Promise.all([serve({ services, db, logLevel: 'silent' }), serve({ services, db, logLevel: 'silent' })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('a write through one is read through the other on the very next request', async () => {
    for (let n = 0; n < 20; n++) {
      const [w, r] = n % 2 ? [a, b] : [b, a];
      const put = await fetch(`${w.url}/actionhub/assets`, { method: 'POST', headers: AH, body: JSON.stringify({ assets: [{ asset_id: `x${n}`, asset_name: `n${n}` }] }) });
      expect(put.status).toBe(200);
      const got = (await (await fetch(`${r.url}/actionhub/assets`, { headers: AH })).json()) as { items: { asset_id: string }[] };
      expect(got.items.map((x) => x.asset_id)).toContain(`x${n}`);
    }
  });

  it('1,000 concurrent upserts split over both lose none', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        fetch(`${(n % 2 ? a : b).url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'program-id': 'many' }, body: JSON.stringify({ assets: [{ asset_id: `u${n}`, asset_name: `n${n}` }] }) }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const inst of [a, b]) {
      const state = (await (await fetch(`${inst.url}/__admin/state?service=actionhub`)).json()) as ReturnType<RunningStandin["snapshot"]>;
      const assets = (state.services['actionhub']!.tenants!['many']! as Record<string, Record<string, unknown>>)['assets']!;
      expect(Object.keys(assets)).toHaveLength(1000);
    }
  });
});
