import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ADMIN_BASIC, AGENT_BASIC, ASSETS, login, raw } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const TEXT = 'text/plain; charset=utf-8';
const list = (auth?: string) => {
  const r = t.http.get(`${ASSETS}/default/assets`);
  return auth === undefined ? r : r.set('authorization', auth);
};

// The middlewares' shapes B and C and the /auth flow (sensu/sensu-go 5.11.0 backend/apid/routers, middlewares, backend/authentication).
describe('GET /sensu/auth', () => {
  it('answers tokens for basic credentials: two JWTs and the expiry in Unix seconds, 15 minutes on', async () => {
    const before = Math.floor(t.rt.clock.nowMs() / 1000);
    const r = await t.http.get('/sensu/auth').set('authorization', ADMIN_BASIC);
    const after = Math.floor(t.rt.clock.nowMs() / 1000); // a cold first request can take over a second
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text.endsWith('}')).toBe(true); // 5.11 writes no trailing newline
    const body = JSON.parse(r.text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'expires_at', 'refresh_token']);
    expect(body['access_token']).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body['expires_at']).toBeGreaterThanOrEqual(before + 900);
    expect(body['expires_at']).toBeLessThanOrEqual(after + 900);
    const claims = JSON.parse(Buffer.from(String(body['access_token']).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'admin', groups: ['cluster-admins', 'system:users'], provider: { provider_id: 'basic', user_id: 'admin' } });
    expect(claims['jti']).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['a wrong password', `Basic ${Buffer.from('admin:nope').toString('base64')}`, 'Unauthorized\n'],
    ['an unknown user', `Basic ${Buffer.from('root:P@ssw0rd!').toString('base64')}`, 'Unauthorized\n'],
    ['basic that does not decode', 'Basic !!!!', 'Unauthorized\n'],
    ['no Authorization header', undefined, 'Request unauthorized\n'],
    ['a garbage bearer token', 'Bearer garbage', 'Request unauthorized\n'],
  ])('answers 401 in plain text for %s', async (_name, header, text) => {
    const req = t.http.get('/sensu/auth');
    const r = await (header ? req.set('authorization', header) : req);
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.text).toBe(text);
  });
});

describe('GET /sensu/auth/test', () => {
  it('answers 200 with an empty body and no Content-Type for good credentials', async () => {
    const r = await t.http.get('/sensu/auth/test').set('authorization', ADMIN_BASIC);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.text).toBe('');
  });

  it('answers 401 Request unauthorized for bad or missing credentials', async () => {
    for (const req of [t.http.get('/sensu/auth/test'), t.http.get('/sensu/auth/test').set('authorization', `Basic ${Buffer.from('admin:x').toString('base64')}`)]) {
      const r = await req;
      expect(r.status).toBe(401);
      expect(r.text).toBe('Request unauthorized\n');
    }
  });
});

describe('bearer tokens on the core API (the middleware\'s {"Code","Message"} shape)', () => {
  it.each([
    ['no Authorization header', undefined, 'bad credentials'],
    ['an empty one', '', 'bad credentials'],
    ['garbage', 'Bearer garbage', 'invalid credentials'],
    ['a lower-case bearer prefix', 'bearer x', 'invalid credentials'],
    ['basic credentials', ADMIN_BASIC, 'invalid credentials'],
  ])('answers 401 for %s', async (_name, header, message) => {
    const r = await list(header);
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.headers['x-content-type-options']).toBeUndefined();
    expect(r.text).toBe(JSON.stringify({ Code: 5, Message: message }));
  });

  it('accepts a bare JWT without "Bearer ", as 5.11 does', async () => {
    const { access_token } = await login(t);
    expect((await list(access_token)).status).toBe(200);
  });

  it('answers 403 to a user whose roles do not cover assets (the seeded agent)', async () => {
    const { access_token } = await login(t, AGENT_BASIC);
    const r = await list(`Bearer ${access_token}`);
    expect(r.status).toBe(403);
    expect(r.text).toBe('{"Code":4,"Message":"unauthorized to perform action"}');
  });

  it('takes a refresh token as a bearer token (it is signed and in the access list) but finds no groups in it: 403', async () => {
    const { refresh_token } = await login(t);
    const r = await list(`Bearer ${refresh_token}`);
    expect([r.status, r.text]).toEqual([403, '{"Code":4,"Message":"unauthorized to perform action"}']);
  });

  it('answers invalid credentials once the token has expired (the simulated clock)', async () => {
    const { access_token, expires_at } = await login(t);
    t.rt.clock.set(expires_at * 1000 + 1000);
    try {
      const r = await list(`Bearer ${access_token}`);
      expect(r.status).toBe(401);
      expect(r.text).toBe('{"Code":5,"Message":"invalid credentials"}');
    } finally {
      t.rt.clock.reset();
    }
  });
});

describe('POST /sensu/auth/token and /sensu/auth/logout', () => {
  it('refresh: a new access token, the old one revoked, the same refresh token, and 5.11\'s old expires_at', async () => {
    const first = await login(t);
    const r = await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${first.access_token}`).send({ refresh_token: first.refresh_token });
    expect(r.status).toBe(200);
    const next = JSON.parse(r.text) as typeof first;
    expect(next.refresh_token).toBe(first.refresh_token);
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.expires_at).toBe(first.expires_at);
    expect((await list(`Bearer ${next.access_token}`)).status).toBe(200);
    const old = await list(`Bearer ${first.access_token}`);
    expect(old.status).toBe(401);
    expect(old.text).toBe('{"Code":5,"Message":"unauthenticated"}');
  });

  it('refreshes an expired access token', async () => {
    const first = await login(t);
    t.rt.clock.set(first.expires_at * 1000 + 60_000);
    try {
      const r = await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${first.access_token}`).send({ refresh_token: first.refresh_token });
      expect(r.status).toBe(200);
      expect((await list(`Bearer ${(JSON.parse(r.text) as { access_token: string }).access_token}`)).status).toBe(200);
    } finally {
      t.rt.clock.reset();
    }
  });

  it.each([
    ['no bearer token', (a: string) => a && '', '{"refresh_token":"x"}', 401, 'Request unauthorized\n'],
    ['a body that is not JSON', (a: string) => `Bearer ${a}`, '{oops', 400, "invalid character 'o' looking for beginning of object key string\n"],
    ['an empty body', (a: string) => `Bearer ${a}`, '', 400, 'EOF\n'],
    ['a refresh token of the wrong type', (a: string) => `Bearer ${a}`, '{"refresh_token":5}', 400, 'json: cannot unmarshal number into Go struct field Tokens.refresh_token of type string\n'],
    ['a refresh token that is not one', (a: string) => `Bearer ${a}`, '{"refresh_token":"nope"}', 401, 'Request unauthorized\n'],
  ])('answers %s in plain text', async (_name, auth, body, status, text) => {
    const { access_token } = await login(t);
    const req = t.http.post('/sensu/auth/token').set('content-type', 'application/json');
    const header = auth(access_token);
    const r = await raw(header ? req.set('authorization', header) : req, body);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.text).toBe(text);
  });

  it('refuses another user\'s refresh token', async () => {
    const admin = await login(t);
    const agent = await login(t, AGENT_BASIC);
    const r = await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${admin.access_token}`).send({ refresh_token: agent.refresh_token });
    expect(r.status).toBe(401);
    expect(r.text).toBe('Request unauthorized\n');
  });

  it('logout revokes both tokens', async () => {
    const tokens = await login(t);
    const out = await t.http.post('/sensu/auth/logout').set('authorization', `Bearer ${tokens.access_token}`).send({ refresh_token: tokens.refresh_token });
    expect(out.status).toBe(200);
    expect(out.text).toBe('');
    expect((await list(`Bearer ${tokens.access_token}`)).text).toBe('{"Code":5,"Message":"unauthenticated"}');
    const again = await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${tokens.access_token}`).send({ refresh_token: tokens.refresh_token });
    expect(again.status).toBe(401);
    expect(again.text).toBe('Unauthorized\n');
  });
});

describe('the RefreshToken middleware in front of GET /auth and /auth/test', () => {
  // 5.11.0 backend/apid/middlewares/refresh_token.go: only a `Basic …` header skips it; a bearer token sends the request through the body decode.
  const withBearer = async (path: string, body?: string) => {
    const { access_token } = await login(t);
    const req = t.http.get(path).set('authorization', `Bearer ${access_token}`);
    return body === undefined ? req : raw(req.set('content-type', 'application/json'), body);
  };

  it.each([
    ['/sensu/auth', undefined, 400, 'EOF\n'],
    ['/sensu/auth/test', undefined, 400, 'EOF\n'],
    ['/sensu/auth', '{"refresh_token":5}', 400, 'json: cannot unmarshal number into Go struct field Tokens.refresh_token of type string\n'],
    ['/sensu/auth', '[]', 400, 'json: cannot unmarshal array into Go value of type v2.Tokens\n'],
    ['/sensu/auth', '{"refresh_token":"nope"}', 401, 'Request unauthorized\n'],
  ])('GET %s with a valid bearer token and body %j answers %i', async (path, body, status, text) => {
    const r = await withBearer(path, body);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.text).toBe(text);
  });

  it('lets a bearer token with its refresh token through, to a handler that finds no Basic credentials', async () => {
    const tokens = await login(t);
    const body = JSON.stringify({ refresh_token: tokens.refresh_token });
    const auth = `Bearer ${tokens.access_token}`;
    const r = await raw(t.http.get('/sensu/auth').set('authorization', auth).set('content-type', 'application/json'), body);
    expect([r.status, r.text]).toEqual([401, 'Unauthorized\n']);
    const test = await raw(t.http.get('/sensu/auth/test').set('authorization', auth).set('content-type', 'application/json'), body);
    expect([test.status, test.text]).toEqual([401, 'Request unauthorized\n']);
  });
});

describe("LimitRequest's query check on the auth routes (after RefreshToken, before the handler)", () => {
  const EXCEEDED = [500, 'Request exceeded max length\n'];

  it('answers 500 for a bad %-escape even before the credentials are looked at', async () => {
    for (const basic of [ADMIN_BASIC, `Basic ${Buffer.from('admin:wrong').toString('base64')}`]) {
      const r = await t.http.get('/sensu/auth?x=%zz').set('authorization', basic);
      expect([r.status, r.text]).toEqual(EXCEEDED);
      expect(r.headers['content-type']).toBe(TEXT);
    }
    expect((await t.http.get('/sensu/auth/test?x=%zz').set('authorization', ADMIN_BASIC)).status).toBe(500);
  });

  it('lets the RefreshToken middleware answer first', async () => {
    const r = await t.http.get('/sensu/auth?x=%zz');
    expect([r.status, r.text]).toEqual([401, 'Request unauthorized\n']);
    const tokens = await login(t);
    const bad = await t.http.post('/sensu/auth/token?x=%zz').set('authorization', `Bearer ${tokens.access_token}`).send({ refresh_token: 'nope' });
    expect([bad.status, bad.text]).toEqual([401, 'Request unauthorized\n']);
    const good = await t.http.post('/sensu/auth/token?x=%zz').set('authorization', `Bearer ${tokens.access_token}`).send({ refresh_token: tokens.refresh_token });
    expect([good.status, good.text]).toEqual(EXCEEDED);
    // Nothing was refreshed: the access token still works.
    expect((await list(`Bearer ${tokens.access_token}`)).status).toBe(200);
  });
});

describe('token lifetimes', () => {
  it('keeps an access token good through the second its exp names (jwt-go compares whole seconds)', async () => {
    const { access_token, expires_at } = await login(t);
    try {
      t.rt.clock.set(expires_at * 1000 + 999);
      expect((await list(`Bearer ${access_token}`)).status).toBe(200);
      t.rt.clock.set((expires_at + 1) * 1000);
      expect((await list(`Bearer ${access_token}`)).text).toBe('{"Code":5,"Message":"invalid credentials"}');
    } finally {
      t.rt.clock.reset();
    }
  });

  it('refuses an expired token in the refresh_token field (ValidateToken checks exp there)', async () => {
    const first = await login(t);
    t.rt.clock.set((first.expires_at + 1) * 1000);
    try {
      const r = await t.http.post('/sensu/auth/token').set('authorization', `Bearer ${first.access_token}`).send({ refresh_token: first.access_token });
      expect([r.status, r.text]).toEqual([401, 'Request unauthorized\n']);
    } finally {
      t.rt.clock.reset();
    }
  });

  it('answers a second logout with the same refresh token as 401 Unauthorized (assumed, as /auth/token)', async () => {
    const tokens = await login(t);
    const logout = () => t.http.post('/sensu/auth/logout').set('authorization', `Bearer ${tokens.access_token}`).send({ refresh_token: tokens.refresh_token });
    expect((await logout()).status).toBe(200);
    const again = await logout();
    expect([again.status, again.text]).toEqual([401, 'Unauthorized\n']);
  });
});

describe('--sensu-token-ttl', () => {
  it('shortens the access token lifetime', async () => {
    const short = await testApp({ options: { 'sensu-token-ttl': '5' } });
    const now = Math.floor(short.rt.clock.nowMs() / 1000);
    const { expires_at } = await login(short);
    expect(expires_at - now).toBeGreaterThanOrEqual(5);
    expect(expires_at - now).toBeLessThanOrEqual(6);
    await short.close();
  });
});
