import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';
import { testApp, tmpDir, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const upsert = (id: string) => t.http.post('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'snap').send({ assets: [{ asset_id: id }] });

describe('state export, import and reset', () => {
  it('round-trips: export, change, import the export, and the state equals the export', async () => {
    await upsert('before');
    const exported = (await t.http.get('/__admin/state')).body;
    await upsert('after');
    await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'changed' });
    expect((await t.http.get('/__admin/state')).body).not.toEqual(exported);
    const r = await t.http.put('/__admin/state').send(exported);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', sandbox: 'default', services: services.map((s) => s.name) });
    expect((await t.http.get('/__admin/state')).body).toEqual(exported);
  });

  it.each([
    ['not an object', [1, 2]],
    ['no services', { other: {} }],
    ['an unknown service', { services: { nope: {} } }],
    ['a collection that is not an object', { services: { actionhub: { tenants: { p: { assets: [1] } } } } }],
    ['tenants that are not an object', { services: { sensu: { tenants: 'x' } } }],
    ['a record that is not an object', { services: { actionhub: { tenants: { p: { assets: { a: 7 } } } } } }],
    ['one bad service among good ones', { services: { mediapocket: { shared: {}, tenants: {} }, webflow: { shared: { tokens: { t: null } } } } }],
    ["an unknown key at the top of a service's state", { services: { actionhub: { programs: {} } } }],
    ['an unknown key at the top of the snapshot', { services: {}, servics: {} }],
  ])('refuses a bad snapshot (%s) and changes nothing', async (_name, body) => {
    const before = (await t.http.get('/__admin/state')).body;
    const r = await t.http.put('/__admin/state').send(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_snapshot');
    expect((await t.http.get('/__admin/state')).body).toEqual(before);
  });

  it("refuses a service state keyed by something else than shared and tenants, naming the key, and ActionHub's demo key still works", async () => {
    const r = await t.http.put('/__admin/state').send({ services: { actionhub: { programs: { 'demo-program': { assets: {} } } } } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 'bad_snapshot', message: `services.actionhub: unknown key 'programs'; a service's state holds "shared" and "tenants"` } });
    const list = await t.http.get('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
  });

  it('resets one service to its fixtures and leaves the others', async () => {
    await upsert('reset-me');
    await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'kept' });
    await t.http.post('/__admin/reset?service=actionhub');
    const state = (await t.http.get('/__admin/state')).body.services;
    expect(state.actionhub.tenants.snap).toBeUndefined();
    expect(JSON.stringify(state.mediapocket)).toContain('"kept"');
  });

  it('resets every service at once without ?service=', async () => {
    const fixtures = (await t.http.post('/__admin/reset')).body;
    expect(fixtures).toMatchObject({ status: 'ok', sandbox: 'default', services: services.map((s) => s.name) });
    const clean = (await t.http.get('/__admin/state')).body;
    await upsert('all-1');
    await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: 'all-2' });
    expect((await t.http.get('/__admin/state')).body).not.toEqual(clean);
    await t.http.post('/__admin/reset');
    expect((await t.http.get('/__admin/state')).body).toEqual(clean);
  });

  it('imports a snapshot file given with --state at start', async () => {
    const { dir, cleanup } = await tmpDir();
    const file = join(dir, 'snap.json');
    await writeFile(file, JSON.stringify({ services: { actionhub: { shared: { keys: { 'file-key': {} } }, tenants: { 'from-file': { assets: { a: { asset_id: 'a', asset_name: null, labels: null } } } } } } }));
    const s = await serve({ services, logLevel: 'silent', stateFile: file });
    const r = await fetch(`${s.url}/actionhub/assets`, { headers: { 'actionhub-key': 'file-key', 'program-id': 'from-file' } });
    expect(((await r.json()) as { total: number }).total).toBe(1);
    await s.close();
    await writeFile(file, '{"services": {"nope": {}}}');
    await expect(serve({ services, logLevel: 'silent', stateFile: file })).rejects.toThrow(/--state .*no service named 'nope'/);
    await cleanup();
  });
});
