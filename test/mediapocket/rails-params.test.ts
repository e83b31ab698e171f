import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { mp, OTHER_KEY } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// Rails builds `params` from the body and the query string (ActionDispatch: request_parameters.merge(query_parameters)).
describe('params as Rails reads them', () => {
  it('takes params from the query string, which wins over the body', async () => {
    const r = await mp(t, 'post', '/assets?title=From%20the%20query&tags[]=Q').send({ title: 'from the body', category: 'Body' });
    expect(r.status).toBe(200);
    expect(r.body.asset).toMatchObject({ title: 'From the query', tags: ['q'], category: 'body' });
  });

  it('checks query params like body params: a plain string where a list is wanted', async () => {
    const r = await mp(t, 'post', '/assets?title=x&tags=a');
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: 'Invalid parameter \'tags\' value "a": Must be an array of String' });
  });

  it('keeps the last of a repeated form key, as Rack does', async () => {
    const r = await mp(t, 'post', '/assets').type('form').send('title=first&title=second');
    expect(r.status).toBe(200);
    expect(r.body.asset.title).toBe('second');
  });

  it('parses Rails\' JSON aliases, and no other type, as JSON', async () => {
    const alias = await mp(t, 'post', '/assets').set('content-type', 'text/x-json').send('{"title":"alias"}');
    expect(alias.status).toBe(200);
    expect(alias.body.asset.title).toBe('alias');
    const vendor = await mp(t, 'post', '/assets').set('content-type', 'application/vnd.api+json').send('{"title":"vendor"}');
    expect(vendor.status).toBe(422);
    expect(vendor.body).toEqual({ error: 'Missing parameter title' });
    // Not parsed, so not malformed either.
    expect((await mp(t, 'post', '/assets').set('content-type', 'application/vnd.api+json').send('{oops')).status).toBe(422);
  });

  it('answers malformed JSON 400 {"error": …} whatever the operation, after the key check', async () => {
    for (const [method, path] of [['post', '/assets'], ['put', '/assets/HeroImageForCampaign'], ['post', '/projects/nope/assets'], ['get', '/projects/SpringCampaign2026aa']] as const) {
      const r = await mp(t, method, path).set('content-type', 'application/json').send('{"title": "x",}');
      expect({ path, status: r.status, body: r.body }).toEqual({ path, status: 400, body: { error: 'Error occurred while parsing request parameters' } });
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });
});

describe('external_id is unique per account across assets and projects', () => {
  it('refuses a project external id an asset or another project holds, and allows it again in the other account', async () => {
    expect((await mp(t, 'post', '/projects').send({ title: 'P', external_id: 'tree-1' })).status).toBe(200);
    for (const [path, body] of [['/projects', { title: 'P2', external_id: 'tree-1' }], ['/projects/SpringCampaign2026aa/projects', { title: 'S', external_id: 'tree-1' }], ['/assets', { title: 'A', external_id: 'tree-1' }]] as const) {
      const r = await mp(t, 'post', path).send(body);
      expect({ path, status: r.status, body: r.body }).toEqual({ path, status: 400, body: { error: 'External id has already been taken' } });
    }
    expect((await mp(t, 'post', '/projects', OTHER_KEY).send({ title: 'P', external_id: 'tree-1' })).status).toBe(200);
  });

  it('lets an update keep its own external id but not take another\'s', async () => {
    const a = (await mp(t, 'post', '/projects').send({ title: 'A', external_id: 'upd-a' })).body.project;
    await mp(t, 'post', '/assets').send({ title: 'B', external_id: 'upd-b' });
    expect((await mp(t, 'put', `/projects/${a.id}`).send({ external_id: 'upd-a', title: 'A2' })).status).toBe(200);
    const r = await mp(t, 'put', `/projects/${a.id}`).send({ external_id: 'upd-b' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'External id has already been taken' });
    expect((await mp(t, 'get', `/projects/${a.id}`)).body.project).toMatchObject({ title: 'A2', external_id: 'upd-a', original_title: 'A' });
  });
});

describe('trash bin', () => {
  it('sets deleted and moves modification_date on; restore clears deleted', async () => {
    t.rt.clock.set(Date.parse('2026-04-01T08:00:00.000Z'));
    const asset = (await mp(t, 'post', '/assets').send({ title: 'to trash' })).body.asset;
    t.rt.clock.set(Date.parse('2026-04-02T09:15:30.250Z'));
    const trashed = await mp(t, 'post', `/assets/${asset.id}/trash_bin`);
    expect(trashed.status).toBe(200);
    expect(trashed.body).toEqual({ asset: { ...asset, modification_date: '2026-04-02T09:15:30.250Z', deleted: '2026-04-02T09:15:30.250Z' } });
    t.rt.clock.set(Date.parse('2026-04-03T10:00:00.000Z'));
    const restored = await mp(t, 'post', `/assets/${asset.id}/restore`);
    expect(restored.body).toEqual({ asset: { ...asset, modification_date: '2026-04-03T10:00:00.000Z', deleted: null } });
    expect((await mp(t, 'get', `/assets/${asset.id}`)).body).toEqual(restored.body);
    t.rt.clock.reset();
  });
});

describe('one account never reaches another\'s objects', () => {
  it.each([
    ['get', '/assets/HeroImageForCampaign', 'asset not found'],
    ['put', '/assets/HeroImageForCampaign', 'asset not found'],
    ['post', '/assets/HeroImageForCampaign/trash_bin', 'asset not found'],
    ['get', '/assets/HeroImageForCampaign/attachments', 'asset not found'],
    ['get', '/assets/HeroImageForCampaign/comments/1', 'asset not found'],
    ['delete', '/assets/HeroImageForCampaign/media', 'asset not found'],
    ['get', '/assets/PressReleaseArticle1/article', 'asset not found'],
    ['post', '/projects/SpringCampaign2026aa/projects', 'project not found'],
    ['get', '/projects/SpringCampaign2026aa/comments', 'project not found'],
    ['post', '/collections/SpringLaunchPicks01x/assets', 'collection not found'],
  ])('%s %s with the other key answers 404 %s', async (method, path, error) => {
    const r = await mp(t, method as 'get', path, OTHER_KEY).send({ title: 'x', comment: 'x', asset_id: 'HeroImageForCampaign' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error });
  });

  it('leaves the demo account\'s objects untouched by the other account\'s writes', async () => {
    const before = (await mp(t, 'get', '/assets/HeroImageForCampaign')).body;
    await mp(t, 'put', '/assets/HeroImageForCampaign', OTHER_KEY).send({ title: 'hijack' });
    await mp(t, 'post', '/assets/HeroImageForCampaign/trash_bin', OTHER_KEY);
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign')).body).toEqual(before);
  });
});
