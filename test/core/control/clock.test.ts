import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin } from 'standin';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ seed: 42 });
});
afterAll(async () => {
  await t.close();
});

describe('the simulated clock and seeded ids', () => {
  it('a frozen clock shows in created objects\' timestamps; DELETE goes back to real time', async () => {
    expect((await t.http.put('/__admin/clock').send({ now: '2026-01-01T00:00:00Z' })).body).toEqual({ now: '2026-01-01T00:00:00.000Z', frozen: true });
    const project = (await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'frozen' })).body.project;
    expect(project.created_date).toBe('2026-01-01T00:00:00.000Z');
    const upload = (await t.http.post('/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets').set('authorization', 'Bearer demo-token').send({ fileName: 'a.png', fileHash: '3c7d87c9575702bc3b1e991f4d3c638e' })).body;
    expect(upload.createdOn).toBe('2026-01-01T00:00:00.000Z');
    const [entry] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(entry.timestamp).toBe('2026-01-01T00:00:00.000Z');
    const back = (await t.http.delete('/__admin/clock')).body;
    expect(back.frozen).toBe(false);
    expect(Math.abs(Date.parse(back.now) - Date.now())).toBeLessThan(5000);
  });

  it('can set a running clock, and refuses a bad time', async () => {
    const r = (await t.http.put('/__admin/clock').send({ now: '2030-06-01T12:00:00Z', frozen: false })).body;
    expect(r.frozen).toBe(false);
    expect(r.now.startsWith('2030-06-01T12:00')).toBe(true);
    expect((await t.http.put('/__admin/clock').send({ now: 'tomorrow' })).status).toBe(400);
    await t.http.delete('/__admin/clock');
  });

  it('refuses times outside years 0000–9999 (JavaScript\'s Date ends at +275760), and no time inside makes a service fail', async () => {
    for (const now of ['+275760-09-13T00:00:00.000Z', '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      const r = await t.http.put('/__admin/clock').send({ now });
      expect(r.status, now).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
    expect((await t.http.get('/__admin/clock')).body.frozen).toBe(false);
    const site = '580e63e98c9a982ac9b8b741';
    const basic = `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`;
    for (const now of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      for (const frozen of [true, false]) {
        expect((await t.http.put('/__admin/clock').send({ now, frozen })).status).toBe(200);
        const statuses: number[] = [];
        const created = await t.http.post(`/webflow/v2/sites/${site}/assets`).set('authorization', 'Bearer demo-token').send({ fileName: 'c.png', fileHash: 'd41d8cd98f00b204e9800998ecf8427e' });
        statuses.push(created.status);
        let upload = t.http.post(new URL(created.body.uploadUrl as string).pathname);
        for (const [k, v] of Object.entries(created.body.uploadDetails as Record<string, string>)) upload = upload.field(k, v);
        statuses.push((await upload.attach('file', Buffer.alloc(0), { filename: 'c.png', contentType: 'image/png' })).status);
        statuses.push((await t.http.post(`/webflow/v2/sites/${site}/asset_folders`).set('authorization', 'Bearer demo-token').send({ displayName: `f-${now}-${frozen}` })).status);
        const login = await t.http.get('/sensu/auth').set('authorization', basic);
        statuses.push(login.status);
        statuses.push((await t.http.get('/sensu/api/core/v2/namespaces/default/assets').set('authorization', `Bearer ${login.body.access_token}`)).status);
        statuses.push((await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${login.body.access_token}`).send({ refresh_token: login.body.refresh_token })).status);
        statuses.push((await t.http.post('/mediapocket/api/v2/assets').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'clock' })).status);
        statuses.push((await t.http.post('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'clock').send({ assets: [{ asset_id: 'c' }] })).status);
        statuses.push((await t.http.get('/__admin/requests?limit=20')).status);
        expect(statuses, `${now} frozen=${frozen}`).toEqual([200, 201, 200, 200, 200, 200, 200, 200, 200]);
      }
    }
    await t.http.delete('/__admin/clock');
  });

  it('PUT {"advance": …} moves the clock on by s, m, h or d, frozen or running as it was', async () => {
    await t.http.put('/__admin/clock').send({ now: '2026-01-01T00:00:00Z' });
    const steps: [string, string][] = [['15m', '2026-01-01T00:15:00.000Z'], ['90s', '2026-01-01T00:16:30.000Z'], ['2h', '2026-01-01T02:16:30.000Z'], ['1d', '2026-01-02T02:16:30.000Z']];
    for (const [advance, now] of steps) expect((await t.http.put('/__admin/clock').send({ advance })).body).toEqual({ now, frozen: true });
    // What services stamp follows it.
    const project = (await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'later' })).body.project;
    expect(project.created_date).toBe('2026-01-02T02:16:30.000Z');
    await t.http.put('/__admin/clock').send({ now: '2030-06-01T12:00:00Z', frozen: false });
    const running = (await t.http.put('/__admin/clock').send({ advance: '1h' })).body;
    expect(running.frozen).toBe(false);
    expect(running.now.startsWith('2030-06-01T13:00')).toBe(true);
    await t.http.delete('/__admin/clock');
  });

  it.each([[{ advance: '15x' }], [{ advance: 15 }], [{ advance: '-5m' }], [{ advance: '1m', now: '2026-01-01T00:00:00Z' }], [{ advance: '999999999d' }], [{ later: '1m' }], [[]]])('refuses %j with a 400 and leaves the clock', async (body) => {
    await t.http.put('/__admin/clock').send({ now: '2026-01-01T00:00:00Z' });
    const r = await t.http.put('/__admin/clock').send(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect((await t.http.get('/__admin/clock')).body).toEqual({ now: '2026-01-01T00:00:00.000Z', frozen: true });
    await t.http.delete('/__admin/clock');
  });

  it('standin.clock in process: set, advance, release', async () => {
    const s = await startStandin();
    try {
      s.clock.set('2026-03-01T08:00:00Z');
      expect(s.clock.advance('15m')).toBe('2026-03-01T08:15:00.000Z');
      expect(s.clock.now()).toBe('2026-03-01T08:15:00.000Z');
      expect(((await (await fetch(`${s.url}/__admin/clock`)).json()) as { now: string }).now).toBe('2026-03-01T08:15:00.000Z');
      expect(() => s.clock.advance('soon')).toThrow(/"advance" must be a whole number and a unit/);
      s.clock.release();
      expect(s.clock.frozen).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('--seed makes generated ids the same run after run', async () => {
    const ids = async () => {
      const s = await testApp({ seed: 7 });
      const made = [];
      for (let i = 0; i < 3; i++) made.push((await s.http.post('/mediapocket/api/v2/assets').set('X-API-KEY', 'demo-mediapocket-key').send({ title: `t${i}` })).body.asset.id);
      await s.close();
      return made;
    };
    expect(await ids()).toEqual(await ids());
  });
});
