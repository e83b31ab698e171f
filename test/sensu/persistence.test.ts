import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { tmpDir } from '../helpers/app.js';
import { ADMIN_BASIC, SHA512 } from './helpers.js';

describe('Sensu across a restart', () => {
  it('keeps assets, the signing key and the access list: tokens from before the restart still work, revoked ones stay revoked', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const first = await serve({ services, db, logLevel: 'silent' });
    const tokens = (await (await fetch(`${first.url}/sensu/auth`, { headers: { authorization: ADMIN_BASIC } })).json()) as { access_token: string; refresh_token: string };
    // One login refreshed before the restart: its old access token must stay revoked afterwards.
    const other = (await (await fetch(`${first.url}/sensu/auth`, { headers: { authorization: ADMIN_BASIC } })).json()) as { access_token: string; refresh_token: string };
    const refreshed = await fetch(`${first.url}/sensu/auth/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: other.refresh_token }),
    });
    expect(refreshed.status).toBe(200);
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
    const revoked = await fetch(`${second.url}/sensu/api/core/v2/namespaces/default/assets`, { headers: { authorization: `Bearer ${other.access_token}` } });
    expect([revoked.status, await revoked.text()]).toEqual([401, '{"Code":5,"Message":"unauthenticated"}']);
    // The refresh token, signed with the stored key, still mints access tokens.
    const again = await fetch(`${second.url}/sensu/auth/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: other.refresh_token }),
    });
    expect(again.status).toBe(200);
    await second.close();
    await cleanup();
  });

  it('keeps the namespaces the API created and deleted', async () => {
    const { dir, cleanup } = await tmpDir();
    const db = join(dir, 'db.json');
    const first = await serve({ services, db, logLevel: 'silent' });
    const { access_token } = (await (await fetch(`${first.url}/sensu/auth`, { headers: { authorization: ADMIN_BASIC } })).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const ns = `${first.url}/sensu/api/core/v2/namespaces`;
    expect((await fetch(ns, { method: 'POST', headers, body: JSON.stringify({ name: 'kept' }) })).status).toBe(201);
    expect((await fetch(`${ns}/production`, { method: 'DELETE', headers })).status).toBe(204);
    await first.close();

    const second = await serve({ services, db, logLevel: 'silent' });
    const list = await fetch(`${second.url}/sensu/api/core/v2/namespaces`, { headers });
    expect(await list.text()).toBe('[{"name":"default"},{"name":"kept"}]');
    await second.close();
    await cleanup();
  });
});
