import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';
import { SITE } from './helpers.js';

const files = async (dir: string) => (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((f) => f.isFile()).length;

describe('dropping a sandbox', () => {
  it('removes the bytes uploaded in it and forgets its rate-limit window, and leaves other sandboxes alone', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const s = await serve({ services, db, logLevel: 'silent' });
    const upload = async (sandbox: string) => {
      const headers = { authorization: 'Bearer demo-token', 'content-type': 'application/json', 'x-standin-sandbox': sandbox };
      const bytes = Buffer.from(`bytes of ${sandbox}`);
      const created = await fetch(`${s.url}/webflow/v2/sites/${SITE}/assets`, { method: 'POST', headers, body: JSON.stringify({ fileName: 'a.txt', fileHash: createHash('md5').update(bytes).digest('hex') }) });
      const up = (await created.json()) as { uploadUrl: string; uploadDetails: Record<string, string>; hostedUrl: string };
      const form = new FormData();
      for (const [k, v] of Object.entries(up.uploadDetails)) form.append(k, v);
      form.append('file', new Blob([bytes], { type: 'text/plain' }), 'a.txt');
      expect((await fetch(up.uploadUrl, { method: 'POST', body: form })).status).toBe(201);
      return { remaining: Number(created.headers.get('x-ratelimit-remaining')), hostedUrl: up.hostedUrl };
    };
    const kept = await upload('keep');
    const first = await upload('drop');
    await upload('drop');
    expect(await files(`${db}.blobs`)).toBe(3);

    expect((await fetch(`${s.url}/__admin/sandboxes/drop`, { method: 'DELETE' })).status).toBe(200);
    expect(await files(`${db}.blobs`)).toBe(1);
    expect(await (await fetch(kept.hostedUrl)).text()).toBe('bytes of keep');
    // Made again from the fixtures, with a fresh minute.
    expect((await upload('drop')).remaining).toBe(first.remaining);
    await s.close();
    await cleanup();
  });
});
