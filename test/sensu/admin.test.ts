import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ASSETS, asset, login } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

describe('/__admin/sensu/namespaces (Standin only)', () => {
  it('lists the namespaces, creates one, and assets can then be stored in it', async () => {
    expect((await t.http.get('/__admin/sensu/namespaces')).body).toEqual({ namespaces: ['default', 'production'] });
    const auth = `Bearer ${(await login(t)).access_token}`;
    expect((await t.http.put(`${ASSETS}/staging/assets/a`).set('authorization', auth).send(asset('a', 'staging'))).status).toBe(500);
    const created = await t.http.post('/__admin/sensu/namespaces').send({ name: 'staging' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'staging' });
    expect((await t.http.post('/__admin/sensu/namespaces').send({ name: 'staging' })).status).toBe(200);
    expect((await t.http.put(`${ASSETS}/staging/assets/a`).set('authorization', auth).send(asset('a', 'staging'))).status).toBe(201);
  });

  it('refuses a bad name with a JSON error', async () => {
    const r = await t.http.post('/__admin/sensu/namespaces').send({ name: 'Bad Name' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
  });
});
