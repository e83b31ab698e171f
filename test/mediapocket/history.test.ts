import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { DEMO_KEY, ISO_MS, mp, OTHER_KEY } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

interface Event {
  id: number;
  user_id: number;
  event_type: string;
  created_at: string;
  updated_at: string;
  event_targets: { target_type: string; target: { id: number; elasticsearch_id: string; title: string } }[];
}
const history = async (assetId: string, cursor: string | number = 0, key: string | null = DEMO_KEY) => mp(t, 'get', `/assets/${assetId}/history/${cursor}`, key);
const types = (events: Event[]) => events.map((e) => e.event_type);

describe('GET /api/v2/assets/{asset_id}/history/{cursor}', () => {
  it('answers the docs\' example for a new asset: one ASSET_ADDED event, keys in the documented order, no next page', async () => {
    t.rt.clock.set(Date.parse('2026-03-01T10:00:00.000Z'));
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Sample Asset' })).body.asset;
    const r = await history(asset.id);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(r.body)).toEqual(['history']);
    expect(Object.keys(r.body.history)).toEqual(['results', 'next_cursor']);
    const [event] = r.body.history.results as Event[];
    expect(Object.keys(event!)).toEqual(['id', 'user_id', 'event_type', 'created_at', 'updated_at', 'event_targets']);
    expect(event).toEqual({
      id: event!.id,
      user_id: 101,
      event_type: 'ASSET_ADDED',
      created_at: asset.created_date,
      updated_at: asset.created_date,
      event_targets: [{ target_type: 'Asset', target: { id: event!.event_targets[0]!.target.id, elasticsearch_id: asset.id, title: 'Sample Asset' } }],
    });
    expect(Number.isInteger(event!.id) && Number.isInteger(event!.event_targets[0]!.target.id)).toBe(true);
    expect(event!.created_at).toMatch(ISO_MS);
    expect(r.body.history.results).toHaveLength(1);
    expect(r.body.history.next_cursor).toBeNull();
    t.rt.clock.reset();
  });

  it('records each change to the asset, newest first, with the target\'s current title and one internal id', async () => {
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Draft', media_type: 'article' })).body.asset;
    expect((await mp(t, 'put', `/assets/${asset.id}`).send({ title: 'Final' })).status).toBe(200);
    expect((await mp(t, 'put', `/assets/${asset.id}/article`).send({ content: '# Hello' })).status).toBe(200);
    expect((await mp(t, 'post', `/assets/${asset.id}/media`).send({ file_url: 'https://www.example.com/a.jpg', filename: 'a.jpg' })).status).toBe(200);
    expect((await mp(t, 'delete', `/assets/${asset.id}/media`)).status).toBe(200);
    expect((await mp(t, 'post', `/assets/${asset.id}/trash_bin`)).status).toBe(200);
    expect((await mp(t, 'post', `/assets/${asset.id}/restore`)).status).toBe(200);
    expect((await mp(t, 'post', '/collections/SpringLaunchPicks01x/assets').send({ asset_id: asset.id })).status).toBe(200);
    // Adding it again changes nothing, and a comment is not a change to the asset.
    expect((await mp(t, 'post', '/collections/SpringLaunchPicks01x/assets').send({ asset_id: asset.id })).status).toBe(200);
    expect((await mp(t, 'post', `/assets/${asset.id}/comments`).send({ comment: 'nice' })).status).toBe(200);

    const events = (await history(asset.id)).body.history.results as Event[];
    expect(types(events)).toEqual(['ASSET_ADDED_TO_COLLECTION', 'ASSET_RESTORED', 'ASSET_TRASHED', 'MEDIA_REMOVED', 'MEDIA_ADDED', 'ARTICLE_UPDATED', 'ASSET_UPDATED', 'ASSET_ADDED']);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
    const assetTargets = events.map((e) => e.event_targets[0]!);
    expect(new Set(assetTargets.map((x) => x.target.id)).size).toBe(1);
    expect(assetTargets.every((x) => x.target_type === 'Asset' && x.target.elasticsearch_id === asset.id && x.target.title === 'Final')).toBe(true);
    expect(events[0]!.event_targets[1]).toEqual({ target_type: 'Collection', target: { id: expect.any(Number), elasticsearch_id: 'SpringLaunchPicks01x', title: 'Spring launch picks' } });
  });

  it('records ASSET_ADDED for an attachment and for an asset made in a project, and MEDIA_ADDED for media given then', async () => {
    const parent = (await mp(t, 'post', '/assets').send({ title: 'Parent' })).body.asset;
    const attachment = (await mp(t, 'post', `/assets/${parent.id}/attachments`).send({ title: 'Attached' })).body.asset;
    expect(types((await history(attachment.id)).body.history.results)).toEqual(['ASSET_ADDED']);
    expect(types((await history(parent.id)).body.history.results)).toEqual(['ASSET_ADDED']);
    const inProject = (await mp(t, 'post', '/projects/SpringCampaign2026aa/assets').send({ title: 'With media', s3: { s3_key: 'in/bucket.mov', filename: 'bucket.mov' } })).body.asset;
    expect(types((await history(inProject.id)).body.history.results)).toEqual(['MEDIA_ADDED', 'ASSET_ADDED']);
  });

  it('pages 20 events at a time: next_cursor leads to the older ones, and is null on the last page', async () => {
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Busy' })).body.asset;
    for (let i = 1; i <= 24; i++) expect((await mp(t, 'put', `/assets/${asset.id}`).send({ description: `edit ${i}` })).status).toBe(200);
    const first = (await history(asset.id)).body.history;
    expect(first.results).toHaveLength(20);
    expect(first.next_cursor).toBe(first.results[19].id);
    const second = (await history(asset.id, first.next_cursor)).body.history;
    expect(second.results).toHaveLength(5);
    expect(second.next_cursor).toBeNull();
    expect(types(second.results).at(-1)).toBe('ASSET_ADDED');
    const all = [...first.results, ...second.results].map((e: Event) => e.id);
    expect(new Set(all).size).toBe(25);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    // A cursor older than every event is an empty last page.
    expect((await history(asset.id, second.results[4].id)).body).toEqual({ history: { results: [], next_cursor: null } });
  });

  it('serves the demo fixtures\' history', async () => {
    const events = (await history('HeroImageForCampaign')).body.history.results as Event[];
    expect(types(events)).toEqual(['ASSET_ADDED_TO_COLLECTION', 'MEDIA_ADDED', 'ASSET_ADDED']);
    expect(events.at(-1)!.event_targets[0]!.target).toEqual({ id: 1, elasticsearch_id: 'HeroImageForCampaign', title: 'Hero image' });
  });

  it('answers the docs\' errors: 404 asset not found, 422 Invalid cursor, the asset looked up first', async () => {
    const missing = await history('-1');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'asset not found' });
    const bad = await history('HeroImageForCampaign', 'test');
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(bad.text).toBe('{"error":"Invalid parameter \'cursor\' value \\"test\\": Invalid cursor"}');
    expect((await history('HeroImageForCampaign', '-5')).body).toEqual({ error: 'Invalid parameter \'cursor\' value "-5": Invalid cursor' });
    expect((await history('-1', 'test')).status).toBe(404);
  });

  it('needs the key, and shows an account only its own assets\' history', async () => {
    const none = await history('HeroImageForCampaign', 0, null);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'Unauthorized' });
    expect((await history('HeroImageForCampaign', 0, 'wrong-key')).status).toBe(401);
    const other = await history('HeroImageForCampaign', 0, OTHER_KEY);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ error: 'asset not found' });
    const own = (await mp(t, 'post', '/assets', OTHER_KEY).send({ title: 'Theirs' })).body.asset;
    const theirs = (await history(own.id, 0, OTHER_KEY)).body.history.results as Event[];
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.user_id).toBe(202);
    expect((await history(own.id)).status).toBe(404);
  });
});
