import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { mp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// research §A2: auth → lookup (404) → apipie (422) → model (400).
describe('the order of checks', () => {
  it('a missing project with an empty body is 404, not 422', async () => {
    for (const path of ['/projects/not-found-id/assets', '/projects/not-found-id/projects']) {
      const r = await mp(t, 'post', path);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: 'project not found' });
    }
  });

  it('an existing project with an empty body is 422', async () => {
    const r = await mp(t, 'post', '/projects/SpringCampaign2026aa/assets');
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: 'Missing parameter title' });
  });

  it('a bad key beats a missing project and a body that is not JSON', async () => {
    expect((await mp(t, 'post', '/projects/not-found-id/assets', 'bad')).status).toBe(401);
    expect((await mp(t, 'post', '/assets', 'bad').set('content-type', 'application/json').send('{oops')).status).toBe(401);
  });

  it('a bad parameter beats a model error', async () => {
    const r = await mp(t, 'post', '/assets').send({ title: 'x'.repeat(300), media_type: 'video' });
    expect(r.status).toBe(422);
  });
});
