import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { ADMIN_BASIC, SHA512, type Tokens } from './helpers.js';

let standin: RunningStandin;
beforeAll(async () => {
  standin = await serve({ services, logLevel: 'silent', validateResponses: true });
});
afterAll(async () => {
  await standin.close();
});

const url = (path: string) => `${standin.url}/sensu${path}`;
const ASSETS = '/api/core/v2/namespaces/production/assets';
const send = (method: string, path: string, token: string, body?: unknown) =>
  fetch(url(path), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const names = async (r: Response) => ((await r.json()) as { metadata: { name: string } }[]).map((a) => a.metadata.name);

// The issue's flow, over a listening server, as a Sensu client (sensuctl, curl) would walk it.
describe('login → list → create → conflict → replace → page through → refresh → old token rejected → logout', () => {
  it('behaves as Sensu 5.11 at every step', async () => {
    const login = await fetch(url('/auth'), { headers: { authorization: ADMIN_BASIC } });
    expect(login.status).toBe(200);
    const tokens = (await login.json()) as Tokens;

    const before = await names(await send('GET', ASSETS, tokens.access_token));
    expect(before).toHaveLength(25);

    const body = { url: 'https://example.com/flow.tgz', sha512: SHA512, filters: ["entity.system.os == 'linux'"], metadata: { name: 'aaa-flow', namespace: 'production' } };
    const created = await send('POST', ASSETS, tokens.access_token, body);
    expect([created.status, created.headers.get('content-type'), await created.text()]).toEqual([201, 'application/json', '']);
    const conflict = await send('POST', ASSETS, tokens.access_token, body);
    expect([conflict.status, await conflict.text()]).toEqual([409, '{"message":"resource already exists","code":3}']);
    const replaced = await send('PUT', `${ASSETS}/aaa-flow`, tokens.access_token, { ...body, url: 'https://example.com/flow-2.tgz', filters: null });
    expect(replaced.status).toBe(201);
    const one = await send('GET', `${ASSETS}/aaa-flow`, tokens.access_token);
    expect(await one.text()).toBe(`{"url":"https://example.com/flow-2.tgz","sha512":"${SHA512}","filters":null,"metadata":{"name":"aaa-flow","namespace":"production"},"headers":null}`);

    const walked: string[] = [];
    let next: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r = await send('GET', `${ASSETS}?limit=7${next ? `&continue=${next}` : ''}`, tokens.access_token);
      next = r.headers.get('sensu-continue');
      walked.push(...(await names(r)));
      if (!next) break;
      expect(Buffer.from(next, 'base64url').toString()).toBe(`${walked[walked.length - 1]}\0`);
    }
    expect(walked).toEqual(['aaa-flow', ...before]);

    const refreshed = await send('POST', '/auth/token', tokens.access_token, { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as Tokens;
    const old = await send('GET', ASSETS, tokens.access_token);
    expect([old.status, await old.text()]).toEqual([401, '{"Code":5,"Message":"unauthenticated"}']);
    expect((await send('GET', ASSETS, fresh.access_token)).status).toBe(200);

    const logout = await send('POST', '/auth/logout', fresh.access_token, { refresh_token: fresh.refresh_token });
    expect([logout.status, await logout.text()]).toEqual([200, '']);
    const after = await send('GET', ASSETS, fresh.access_token);
    expect([after.status, await after.text()]).toEqual([401, '{"Code":5,"Message":"unauthenticated"}']);
    const again = await send('POST', '/auth/token', fresh.access_token, { refresh_token: fresh.refresh_token });
    expect([again.status, await again.text()]).toEqual([401, 'Unauthorized\n']);
  });
});
