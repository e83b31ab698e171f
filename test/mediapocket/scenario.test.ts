import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ID, mp, OTHER_KEY } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

describe('a client\'s whole flow', () => {
  it('project → subproject → asset in it → attachment → comment → update → trash → restore', async () => {
    t.rt.clock.set(Date.parse('2026-03-01T10:00:00.000Z'));
    const project = (await mp(t, 'post', '/projects').send({ title: 'Sample Project', description: 'Sample project description.', category: 'Test Project Category', tags: ['test', 'tag'] })).body.project;
    expect(project).toEqual({
      id: project.id, external_id: null, project_id: null, owner: 'demo@example.com', title: 'Sample Project', description: 'Sample project description.',
      category: 'test project category', tags: ['test', 'tag'], media_type: 'project', isPublic: false, thumbnail_asset_id: null,
      created_date: '2026-03-01T10:00:00.000Z', modification_date: '2026-03-01T10:00:00.000Z', deleted: null, original_title: 'Sample Project',
    });
    expect(project.id).toMatch(ID);
    const sub = (await mp(t, 'post', `/projects/${project.id}/projects`).send({ title: 'Sub' })).body.project;
    expect(sub.project_id).toBe(project.id);
    const asset = (await mp(t, 'post', `/projects/${sub.id}/assets`).send({ title: 'In sub', url: { file_url: 'https://example.com/a/photo.JPG', filename: 'photo.JPG' } })).body.asset;
    expect(asset).toMatchObject({ project_id: sub.id, media_type: 'image', original_filename: 'photo.JPG' });
    expect(asset.md5_sum).toMatch(/^[0-9a-f]{32}$/);
    const attachment = (await mp(t, 'post', `/assets/${asset.id}/attachments`).send({ title: 'Attached' })).body.asset;
    expect(attachment).toMatchObject({ parent_id: asset.id, project_id: sub.id, description: null, category: null, tags: [], media_type: 'placeholder' });
    expect((await mp(t, 'get', `/assets/${asset.id}/attachments`)).body).toEqual({ attachments: [attachment] });
    const comment = (await mp(t, 'post', `/assets/${asset.id}/comments`).send({ comment: 'new comment' })).body.comment;
    expect(comment).toEqual({ id: comment.id, message: 'new comment', updated_at: '2026-03-01T10:00:00.000Z', user: { id: 101, email: 'demo@example.com', first_name: 'Demo', last_name: 'User', avatar_url: null }, mentioned_users: [] });
    const edited = await mp(t, 'post', `/assets/${asset.id}/comments/${comment.id}`).send({ comment: 'new updated comment' });
    expect(Object.keys(edited.body.comment)).toEqual(['message', 'id', 'updated_at', 'user', 'mentioned_users']);
    expect((await mp(t, 'get', `/assets/${asset.id}/comments`)).body.comments.map((c: { message: string }) => c.message)).toEqual(['new updated comment']);

    t.rt.clock.set(Date.parse('2026-03-02T11:30:00.000Z'));
    const updated = (await mp(t, 'put', `/projects/${project.id}`).send({ title: 'Renamed', tags: ['Test', 'Tags', 'Here'] })).body.project;
    expect(updated).toMatchObject({ title: 'Renamed', original_title: 'Sample Project', tags: ['test', 'tags', 'here'], modification_date: '2026-03-02T11:30:00.000Z', created_date: '2026-03-01T10:00:00.000Z' });
    const put = (await mp(t, 'put', `/assets/${asset.id}`).send({ category: 'Photos' })).body.asset;
    expect(put).toMatchObject({ category: 'photos', title: 'In sub', modification_date: '2026-03-02T11:30:00.000Z' });

    const trashed = (await mp(t, 'post', `/assets/${asset.id}/trash_bin`)).body.asset;
    expect(trashed.deleted).toBe('2026-03-02T11:30:00.000Z');
    expect((await mp(t, 'get', `/assets/${asset.id}`)).body.asset.deleted).toBe('2026-03-02T11:30:00.000Z');
    expect((await mp(t, 'post', `/assets/${asset.id}/restore`)).body.asset.deleted).toBeNull();

    const removed = (await mp(t, 'delete', `/assets/${asset.id}/media`)).body;
    expect(removed.asset).toMatchObject({ media_type: 'placeholder', original_filename: null, md5_sum: null });
    expect((await mp(t, 'delete', `/assets/${asset.id}/media`)).body).toEqual({ asset: removed.asset, errors: { error: 'No media found on this asset.', status: 400 } });
    expect((await mp(t, 'delete', `/assets/${asset.id}/comments/${comment.id}`)).body).toEqual({ ok: 'ok' });
    t.rt.clock.reset();
  });

  it('serves the demo fixtures: a project tree, an article, comments and a collection', async () => {
    expect((await mp(t, 'get', '/projects/SpringCampaignVideos')).body.project.project_id).toBe('SpringCampaign2026aa');
    expect((await mp(t, 'get', '/assets/PressReleaseArticle1/article')).body.content).toContain('# Spring launch');
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/comments')).body.comments).toHaveLength(2);
    expect((await mp(t, 'get', '/projects/SpringCampaign2026aa/comments')).body.comments).toHaveLength(1);
    expect((await mp(t, 'post', '/collections/SpringLaunchPicks01x/assets').send({ asset_id: 'LaunchVideoRoughCut1' })).body).toEqual({ message: 'asset successfully added to collection' });
  });

  it('keeps accounts apart: the other account sees none of demo\'s objects and may reuse its external ids', async () => {
    expect((await mp(t, 'get', '/projects/SpringCampaign2026aa', OTHER_KEY)).status).toBe(404);
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/comments', OTHER_KEY)).status).toBe(404);
    expect((await mp(t, 'post', '/assets').send({ title: 'a', external_id: 'shared-ext' })).status).toBe(200);
    const other = await mp(t, 'post', '/assets', OTHER_KEY).send({ title: 'b', external_id: 'shared-ext' });
    expect(other.status).toBe(200);
    expect(other.body.asset.owner).toBe('other@example.com');
    expect((await mp(t, 'post', '/collections/SpringLaunchPicks01x/assets', OTHER_KEY).send({ asset_id: other.body.asset.id })).status).toBe(404);
  });
});
