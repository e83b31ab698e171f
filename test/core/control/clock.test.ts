import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
