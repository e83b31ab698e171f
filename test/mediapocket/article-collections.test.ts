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

describe('PUT /api/v2/assets/{asset_id}/article', () => {
  it('gives an article its content: answered, read back, and the asset\'s modification_date moves on', async () => {
    t.rt.clock.set(Date.parse('2026-03-01T10:00:00.000Z'));
    const asset = (await mp(t, 'post', '/assets').send({ title: 'News', media_type: 'article' })).body.asset;
    t.rt.clock.set(Date.parse('2026-03-01T10:05:00.000Z'));
    const content = '# Header1\n plain text\n **bold** [mp-image]:HeroImageForCampaign(Key visual) ä "quoted"';
    const r = await mp(t, 'put', `/assets/${asset.id}/article`).send({ content });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({ content });
    expect((await mp(t, 'get', `/assets/${asset.id}/article`)).body).toEqual({ content });
    const after = (await mp(t, 'get', `/assets/${asset.id}`)).body.asset;
    expect([after.created_date, after.modification_date, after.media_type]).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:05:00.000Z', 'article']);
    t.rt.clock.reset();
  });

  it('rewrites the demo press release', async () => {
    expect((await mp(t, 'get', '/assets/PressReleaseArticle1/article')).body.content).toContain('# Spring launch');
    expect((await mp(t, 'put', '/assets/PressReleaseArticle1/article').send({ content: 'Rewritten.' })).body).toEqual({ content: 'Rewritten.' });
    expect((await mp(t, 'get', '/assets/PressReleaseArticle1/article')).body).toEqual({ content: 'Rewritten.' });
  });

  it('answers 404 for a missing asset or one that is not an article, both before the parameters are checked', async () => {
    expect((await mp(t, 'put', '/assets/nope/article').send({})).body).toEqual({ error: 'asset not found' });
    const image = await mp(t, 'put', '/assets/HeroImageForCampaign/article').send({});
    expect([image.status, image.body]).toEqual([404, { error: 'article not found' }]);
  });

  it('answers apipie\'s 422s and changes nothing', async () => {
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Draft', media_type: 'article' })).body.asset;
    const cases: [unknown, string][] = [
      [{}, 'Missing parameter content'],
      [{ content: '' }, 'Invalid parameter \'content\' value "": Must be a String'],
      [{ content: null }, 'Invalid parameter \'content\' value nil: Must be a String'],
      [{ content: ['a', 1] }, 'Invalid parameter \'content\' value ["a", 1]: Must be a String'],
    ];
    for (const [body, error] of cases) {
      const r = await mp(t, 'put', `/assets/${asset.id}/article`).send(body as object);
      expect([r.status, r.body], JSON.stringify(body)).toEqual([422, { error }]);
    }
    expect((await mp(t, 'get', `/assets/${asset.id}/article`)).body).toEqual({ content: '' });
    const notJson = await mp(t, 'put', `/assets/${asset.id}/article`).set('content-type', 'application/json').send('{"content":');
    expect([notJson.status, notJson.body]).toEqual([400, { error: 'Error occurred while parsing request parameters' }]);
  });

  it('needs the key, and keeps accounts apart', async () => {
    const none = await mp(t, 'put', '/assets/PressReleaseArticle1/article', null).send({ content: 'x' });
    expect([none.status, none.body]).toEqual([401, { error: 'Unauthorized' }]);
    const other = await mp(t, 'put', '/assets/PressReleaseArticle1/article', OTHER_KEY).send({ content: 'hijacked' });
    expect([other.status, other.body]).toEqual([404, { error: 'asset not found' }]);
    expect((await mp(t, 'get', '/assets/PressReleaseArticle1/article')).body.content).not.toBe('hijacked');
  });
});

describe('GET /api/v2/assets/{asset_id}/collections', () => {
  it('answers the demo collection for an asset in it, and nothing for one in none', async () => {
    const r = await mp(t, 'get', '/assets/HeroImageForCampaign/collections');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['collections']);
    expect(r.body.collections).toHaveLength(1);
    expect(r.body.collections[0]).toMatchObject({ id: 'SpringLaunchPicks01x', title: 'Spring launch picks', media_type: 'collection' });
    expect(Object.keys(r.body.collections[0])).toEqual(['id', 'title', 'description', 'category', 'tags', 'owner', 'media_type', 'isPublic', 'created_date', 'modification_date', 'original_title']);
    expect((await mp(t, 'get', '/assets/HeroImageRetouched01/collections')).body).toEqual({ collections: [] });
  });

  it('follows additions, in the order the collections were made', async () => {
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Pick me' })).body.asset;
    const first = (await mp(t, 'post', '/collections').send({ title: 'First' })).body.collection;
    const second = (await mp(t, 'post', '/collections').send({ title: 'Second' })).body.collection;
    await mp(t, 'post', `/collections/${second.id}/assets`).send({ asset_id: asset.id });
    await mp(t, 'post', `/collections/${first.id}/assets`).send({ asset_id: asset.id });
    expect((await mp(t, 'get', `/assets/${asset.id}/collections`)).body).toEqual({ collections: [first, second] });
  });

  it('answers 404 asset not found, 401 without a key, and only the account\'s own collections', async () => {
    expect((await mp(t, 'get', '/assets/nope/collections')).body).toEqual({ error: 'asset not found' });
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/collections', null)).status).toBe(401);
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/collections', OTHER_KEY)).status).toBe(404);
    const theirs = (await mp(t, 'post', '/assets', OTHER_KEY).send({ title: 'Theirs' })).body.asset;
    expect((await mp(t, 'get', `/assets/${theirs.id}/collections`, OTHER_KEY)).body).toEqual({ collections: [] });
  });
});
