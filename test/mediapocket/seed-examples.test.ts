import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ID, ISO_MS, mp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// The five examples of seeds/mediapocket-v2-create-asset.txt, status and body (owner, id and dates are ours).
describe('POST /mediapocket/api/v2/assets — the docs\' five examples', () => {
  const sample = { title: 'Sample Asset', description: 'Sample asset from API V2', category: 'Sample', tags: ['sample', 'test'] };

  it('Failed request, missing required "title" parameter → 422', async () => {
    const r = await mp(t, 'post', '/assets').send({ description: 'Sample asset from API V2', category: 'Sample', tags: ['sample', 'test'] });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({ error: 'Missing parameter title' });
  });

  it('Failed request, invalid media type → 422', async () => {
    const r = await mp(t, 'post', '/assets').send({ ...sample, media_type: 'image' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: 'Invalid parameter \'media_type\' value "image": Must be one of: <code>article</code>.' });
  });

  it('Successful request → 200 with the asset, keys in the documented order', async () => {
    const r = await mp(t, 'post', '/assets').send(sample);
    expect(r.status).toBe(200);
    const asset = r.body.asset;
    expect(Object.keys(asset)).toEqual(['id', 'external_id', 'parent_id', 'project_id', 'owner', 'title', 'description', 'category', 'tags', 'ai_tags', 'status', 'media_type', 'original_filename', 'drop_folder_id', 'md5_sum', 'created_date', 'modification_date', 'deleted']);
    expect(asset).toEqual({
      id: asset.id,
      external_id: null,
      parent_id: null,
      project_id: null,
      owner: 'demo@example.com',
      title: 'Sample Asset',
      description: 'Sample asset from API V2',
      category: 'sample',
      tags: ['sample', 'test'],
      ai_tags: [],
      status: 'open',
      media_type: 'placeholder',
      original_filename: null,
      drop_folder_id: null,
      md5_sum: null,
      created_date: asset.created_date,
      modification_date: asset.created_date,
      deleted: null,
    });
    expect(asset.id).toMatch(ID);
    expect(asset.created_date).toMatch(ISO_MS);
  });

  it('External ID has already been taken → 400', async () => {
    const first = await mp(t, 'post', '/assets').send({ title: 'Sample Asset', external_id: 'already_used_id' });
    expect(first.status).toBe(200);
    expect(first.body.asset.external_id).toBe('already_used_id');
    const r = await mp(t, 'post', '/assets').send({ title: 'Sample Asset', external_id: 'already_used_id' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({ error: 'External id has already been taken' });
  });

  it('Successful request, valid media type → 200 with media_type "article"', async () => {
    const r = await mp(t, 'post', '/assets').send({ ...sample, media_type: 'article' });
    expect(r.status).toBe(200);
    const asset = r.body.asset;
    expect(Object.keys(asset)).toEqual(['id', 'external_id', 'parent_id', 'project_id', 'owner', 'title', 'description', 'category', 'tags', 'ai_tags', 'status', 'media_type', 'original_filename', 'drop_folder_id', 'md5_sum', 'created_date', 'modification_date', 'deleted']);
    expect(asset).toEqual({
      id: asset.id, external_id: null, parent_id: null, project_id: null, owner: 'demo@example.com', title: 'Sample Asset', description: 'Sample asset from API V2',
      category: 'sample', tags: ['sample', 'test'], ai_tags: [], status: 'open', media_type: 'article', original_filename: null, drop_folder_id: null, md5_sum: null,
      created_date: asset.created_date, modification_date: asset.modification_date, deleted: null,
    });
    expect(asset.id).toMatch(ID);
    expect(asset.modification_date).toMatch(ISO_MS);
    expect(asset.modification_date >= asset.created_date).toBe(true);
    // An article can be read back (empty until written).
    expect((await mp(t, 'get', `/assets/${asset.id}/article`)).body).toEqual({ content: '' });
  });
});
