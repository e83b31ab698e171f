import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';
import { SITE } from './helpers.js';

describe('Webflow across a restart', () => {
  it('keeps the asset and its uploaded bytes (stored beside the db, not in it)', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const bytes = Buffer.from('kept across restarts');
    const headers = { authorization: 'Bearer demo-token', 'content-type': 'application/json' };
    const first = await serve({ services, db, logLevel: 'silent' });
    const up = (await (await fetch(`${first.url}/webflow/v2/sites/${SITE}/assets`, { method: 'POST', headers, body: JSON.stringify({ fileName: 'kept.txt', fileHash: createHash('md5').update(bytes).digest('hex') }) })).json()) as {
      id: string;
      uploadUrl: string;
      uploadDetails: Record<string, string>;
    };
    const form = new FormData();
    for (const [k, v] of Object.entries(up.uploadDetails)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: 'text/plain' }), 'kept.txt');
    expect((await fetch(up.uploadUrl, { method: 'POST', body: form })).status).toBe(201);
    await first.close();
    const onDisk = async (dir: string) => Promise.all((await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name))));
    const dbFiles = (await readdir(dir)).filter((f) => f.startsWith('db.json') && !f.endsWith('.blobs'));
    for (const f of dbFiles) {
      const text = await readFile(join(dir, f));
      expect(text.includes(bytes) || text.includes(bytes.toString('base64')), `${f} holds the bytes`).toBe(false);
    }
    expect((await onDisk(`${db}.blobs`)).some((b) => b.equals(bytes))).toBe(true);

    const second = await serve({ services, db, logLevel: 'silent' });
    const asset = (await (await fetch(`${second.url}/webflow/v2/assets/${up.id}`, { headers })).json()) as { size: number; hostedUrl: string };
    expect(asset.size).toBe(bytes.length);
    expect(Buffer.from(await (await fetch(asset.hostedUrl)).arrayBuffer()).toString()).toBe('kept across restarts');
    await second.close();
    await cleanup();
  });
});
