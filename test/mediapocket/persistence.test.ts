import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';
import { DEMO_KEY } from './helpers.js';

describe('Mediapocket across a restart', () => {
  it('keeps created projects, assets and comments', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const headers = { 'X-API-KEY': DEMO_KEY, 'content-type': 'application/json' };
    const first = await serve({ services, db, logLevel: 'silent' });
    const project = ((await (await fetch(`${first.url}/mediapocket/api/v2/projects`, { method: 'POST', headers, body: JSON.stringify({ title: 'Kept' }) })).json()) as { project: { id: string } }).project;
    await fetch(`${first.url}/mediapocket/api/v2/projects/${project.id}/comments`, { method: 'POST', headers, body: JSON.stringify({ comment: 'still here' }) });
    await first.close();
    const second = await serve({ services, db, logLevel: 'silent' });
    const r = await fetch(`${second.url}/mediapocket/api/v2/projects/${project.id}`, { headers });
    expect(((await r.json()) as { project: { title: string } }).project.title).toBe('Kept');
    const comments = (await (await fetch(`${second.url}/mediapocket/api/v2/projects/${project.id}/comments`, { headers })).json()) as { comments: { message: string }[] };
    expect(comments.comments.map((c) => c.message)).toEqual(['still here']);
    await second.close();
    await cleanup();
  });

  it('keeps an article\'s content, the history, and the media with the secret its URLs are signed with', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const headers = { 'X-API-KEY': DEMO_KEY, 'content-type': 'application/json' };
    const call = async <T = unknown>(base: string, method: string, path: string, body?: unknown) =>
      (await fetch(`${base}/mediapocket/api/v2${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })).json() as Promise<T>;
    const first = await serve({ services, db, logLevel: 'silent' });
    const { asset } = await call<{ asset: { id: string } }>(first.url, 'POST', '/assets', { title: 'Kept article', media_type: 'article' });
    await call(first.url, 'PUT', `/assets/${asset.id}/article`, { content: 'kept content' });
    const url = (await call<{ download_url: string }>(first.url, 'GET', '/assets/HeroImageForCampaign/media/1/download_url')).download_url;
    const history = await call(first.url, 'GET', `/assets/${asset.id}/history/0`);
    await first.close();
    const second = await serve({ services, db, logLevel: 'silent' });
    expect(await call(second.url, 'GET', `/assets/${asset.id}/article`)).toEqual({ content: 'kept content' });
    expect(await call(second.url, 'GET', `/assets/${asset.id}/history/0`)).toEqual(history);
    // The host is not signed: the URL works on the new port too, with the secret kept in the db.
    expect((await fetch(url.replace(new URL(url).origin, second.url))).status).toBe(200);
    await second.close();
    await cleanup();
  });
});
