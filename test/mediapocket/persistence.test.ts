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
});
