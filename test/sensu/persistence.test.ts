import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';
import { ADMIN_BASIC, SHA512 } from './helpers.js';

describe('Sensu across a restart', () => {
  it('keeps assets, the signing key and the access list: a token from before the restart still works', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const first = await serve({ services, db, logLevel: 'silent' });
    const tokens = (await (await fetch(`${first.url}/sensu/auth`, { headers: { authorization: ADMIN_BASIC } })).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/sensu/api/core/v2/namespaces/default/assets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: 'https://example.com/kept.tgz', sha512: SHA512, metadata: { name: 'kept', namespace: 'default' } }),
    });
    expect(created.status).toBe(201);
    await first.close();

    const second = await serve({ services, db, logLevel: 'silent' });
    const r = await fetch(`${second.url}/sensu/api/core/v2/namespaces/default/assets/kept`, { headers });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { url: string }).url).toBe('https://example.com/kept.tgz');
    await second.close();
    await cleanup();
  });
});
