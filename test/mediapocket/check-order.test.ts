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

// The order the V2 docs show (https://demo.mediapocket.fi/api/docs/V2.html): auth → lookup (404) → apipie (422) → model (400).
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
    expect(r.body).toEqual({ error: 'Invalid parameter \'media_type\' value "video": Must be one of: <code>article</code>.' });
  });

  it('looks up every kind of object before checking the params', async () => {
    for (const [method, path, error] of [
      ['put', '/assets/nope', 'asset not found'],
      ['post', '/assets/nope/attachments', 'asset not found'],
      ['post', '/assets/nope/comments', 'asset not found'],
      ['post', '/assets/nope/media', 'asset not found'],
      ['post', '/assets/HeroImageForCampaign/comments/999', 'comment not found'],
      ['put', '/projects/nope', 'project not found'],
      ['post', '/projects/nope/comments', 'project not found'],
      ['post', '/projects/SpringCampaign2026aa/comments/1', 'comment not found'],
      ['post', '/collections/nope/assets', 'collection not found'],
    ] as const) {
      const r = await mp(t, method, path).send({ title: 5, comment: 5, file_url: 5 });
      expect({ path, status: r.status, body: r.body }).toEqual({ path, status: 404, body: { error } });
    }
  });

  it('a model error comes after the params: the title before the external id', async () => {
    expect((await mp(t, 'post', '/assets').send({ title: 'first', external_id: 'order-ext' })).status).toBe(200);
    const r = await mp(t, 'post', '/assets').send({ title: 'x'.repeat(256), external_id: 'order-ext' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'Title is too long (maximum is 255 characters)' });
  });
});
