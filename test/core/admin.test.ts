import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

describe('/__admin', () => {
  it('GET /health answers {"status":"ok"}', async () => {
    const r = await t.http.get('/__admin/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('GET /state exports the stored state by service, or one service', async () => {
    const all = await t.http.get('/__admin/state');
    expect(all.status).toBe(200);
    expect(Object.keys(all.body.services)).toEqual(t.rt.services.map((s) => s.module.name));
    const one = await t.http.get('/__admin/state?service=actionhub');
    expect(Object.keys(one.body.services)).toEqual(['actionhub']);
    expect(one.body.services.actionhub.tenants['demo-program'].assets['sku-1001'].asset_name).toBe('Trail running shoe');
  });

  it('POST /reset puts a service back to its fixtures', async () => {
    const fixtureAssets = Object.keys((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants['demo-program'].assets);
    await t.http.post('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program').send({ assets: [{ asset_id: 'new-one' }] });
    expect((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants['demo-program'].assets['new-one']).toBeDefined();
    const r = await t.http.post('/__admin/reset?service=actionhub');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', sandbox: 'default', services: ['actionhub'] });
    const after = await t.http.get('/__admin/state?service=actionhub');
    expect(after.body.services.actionhub.tenants['demo-program'].assets['new-one']).toBeUndefined();
    expect(Object.keys(after.body.services.actionhub.tenants['demo-program'].assets)).toEqual(fixtureAssets);
  });

  it('answers an unknown service or route with a JSON error', async () => {
    const r = await t.http.get('/__admin/state?service=nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown_service');
    const n = await t.http.get('/__admin/nope');
    expect(n.status).toBe(404);
    expect(n.body.error.code).toBe('not_found');
  });
});

describe('/__admin/reset with no fixtures', () => {
  it('empties the state', async () => {
    const empty = await testApp({ fixtures: false });
    try {
      expect((await empty.http.get('/__admin/state?service=actionhub')).body.services.actionhub).toEqual({ shared: {}, tenants: {} });
      // With no fixtures there is no key: bring one in, write with it, then reset.
      const put = await empty.http.put('/__admin/state').send({ services: { actionhub: { shared: { keys: { 'k-1': {} } }, tenants: {} } } });
      expect(put.status).toBe(200);
      const w = await empty.http.put('/actionhub/labels').set('actionhub-key', 'k-1').set('program-id', 'p').send({ labels: [{ label: 'l', weight: 1 }] });
      expect(w.status).toBe(200);
      expect((await empty.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants.p.labels.l).toEqual({ label: 'l', weight: 1 });
      expect((await empty.http.post('/__admin/reset')).status).toBe(200);
      expect((await empty.http.get('/__admin/state?service=actionhub')).body.services.actionhub).toEqual({ shared: {}, tenants: {} });
      expect((await empty.http.put('/actionhub/labels').set('actionhub-key', 'k-1').set('program-id', 'p').send({ labels: [] })).status).toBe(403);
    } finally {
      await empty.close();
    }
  });
});
