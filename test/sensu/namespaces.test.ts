import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { AGENT_BASIC, NAMESPACES, asset, login, raw } from './helpers.js';

let t: TestApp;
let admin: string;
let agent: string;
beforeAll(async () => {
  t = await testApp();
  admin = `Bearer ${(await login(t)).access_token}`;
  agent = `Bearer ${(await login(t, AGENT_BASIC)).access_token}`;
});
afterAll(async () => {
  await t.close();
});

const HANDLER_TYPE = 'text/plain; charset=utf-8';
const names = (text: string) => (JSON.parse(text) as { name: string }[]).map((n) => n.name);
const create = (name: unknown, auth = admin) => t.http.post(NAMESPACES).set('authorization', auth).send({ name });
const put = (inUrl: string, body: unknown, auth = admin) => t.http.put(`${NAMESPACES}/${inUrl}`).set('authorization', auth).send(body as object);

// 5.11.0 backend/apid/routers/namespaces.go over the generic handlers (handlers/*.go) and the etcd store.
describe('the namespaces API', () => {
  it('lists every namespace sorted by name, each {"name"} only, as application/json without a newline', async () => {
    const r = await t.http.get(NAMESPACES).set('authorization', admin);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('[{"name":"default"},{"name":"production"}]');
    expect(r.headers['sensu-continue']).toBeUndefined();
  });

  it('creates one with POST: 201 with an empty JSON-typed body, then it is listed, readable and holds assets at once', async () => {
    const r = await create('staging');
    expect([r.status, r.text, r.headers['content-type']]).toEqual([201, '', 'application/json']);
    const got = await t.http.get(`${NAMESPACES}/staging`).set('authorization', admin);
    expect([got.status, got.text, got.headers['content-type']]).toEqual([200, '{"name":"staging"}', 'application/json']);
    expect(names((await t.http.get(NAMESPACES).set('authorization', admin)).text)).toEqual(['default', 'production', 'staging']);
    expect((await t.http.post(`${NAMESPACES}/staging/assets`).set('authorization', admin).send(asset('tool', 'staging'))).status).toBe(201);
  });

  it('answers 409 to a POST of an existing name, and changes nothing', async () => {
    const r = await create('default');
    expect([r.status, r.text, r.headers['content-type'], r.headers['x-content-type-options']]).toEqual([409, '{"message":"resource already exists","code":3}', HANDLER_TYPE, 'nosniff']);
  });

  it.each([
    ['an empty name', ''],
    ['a space', 'two words'],
    ['a slash', 'a/b'],
    ['a colon', 'a:b'],
    ['a dot-dot name', '..'],
  ])('refuses %s with 5.11\'s invalid argument(s) received', async (_what, name) => {
    const r = await create(name);
    expect([r.status, r.text]).toEqual([400, '{"message":"invalid argument(s) received","code":1}']);
    expect(names((await t.http.get(NAMESPACES).set('authorization', admin)).text)).not.toContain(name);
  });

  it('takes the names 5.11\'s \\A[\\w.-]+\\z takes: capitals, underscores, dots, dashes', async () => {
    for (const name of ['Team_A', 'x.y-z', '__proto__']) expect((await create(name)).status, name).toBe(201);
    expect((await t.http.get(`${NAMESPACES}/__proto__`).set('authorization', admin)).text).toBe('{"name":"__proto__"}');
  });

  it('answers bodies Go cannot decode with the decoder\'s words', async () => {
    const post = () => t.http.post(NAMESPACES).set('authorization', admin).set('content-type', 'application/json');
    expect((await raw(post(), '{"name": 5}')).text).toBe('{"message":"json: cannot unmarshal number into Go struct field Namespace.name of type string","code":1}');
    expect((await raw(post(), '[]')).text).toBe('{"message":"json: cannot unmarshal array into Go value of type v2.Namespace","code":1}');
    expect((await raw(post(), '{bad')).text).toBe('{"message":"invalid character \'b\' looking for beginning of object key string","code":1}');
    expect((await raw(post(), '')).text).toBe('{"message":"EOF","code":1}');
    // null decodes to an empty Namespace, which Validate refuses.
    expect((await raw(post(), 'null')).text).toBe('{"message":"invalid argument(s) received","code":1}');
    // Keys match case-insensitively; unknown keys are dropped; what follows the first value is ignored.
    expect((await raw(post(), '{"NAME":"cased","extra":1} trailing')).status).toBe(201);
    // Without a JSON Content-Type, LimitRequest's ParseForm swallows the body: EOF.
    const form = await raw(t.http.post(NAMESPACES).set('authorization', admin).set('content-type', 'application/x-www-form-urlencoded'), '{"name":"formed"}');
    expect([form.status, form.text]).toEqual([400, '{"message":"EOF","code":1}']);
  });

  it('replaces with PUT: 201 whether it existed or not, never 409', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await put('qa', { name: 'qa' });
      expect([r.status, r.text, r.headers['content-type']]).toEqual([201, '', 'application/json']);
    }
    expect((await put('default', { name: 'default' })).status).toBe(201);
    expect((await t.http.get(`${NAMESPACES}/qa`).set('authorization', admin)).status).toBe(200);
  });

  it('refuses a PUT whose body names another namespace (or none) before anything else', async () => {
    expect((await put('qa', { name: 'other' })).text).toBe('{"message":"the name of the resource (other) does not match the name of the URI (qa)","code":1}');
    expect((await put('qa', {})).text).toBe('{"message":"the name of the resource () does not match the name of the URI (qa)","code":1}');
    const r = await put('bad%20name', { name: 'bad name' });
    expect([r.status, r.text]).toEqual([400, '{"message":"invalid argument(s) received","code":1}']);
  });

  it('answers 404 to a GET or DELETE of a namespace that does not exist', async () => {
    for (const method of ['get', 'delete'] as const) {
      const r = await t.http[method](`${NAMESPACES}/nope`).set('authorization', admin);
      expect([r.status, r.text, r.headers['content-type']]).toEqual([404, '{"message":"not found","code":2}', HANDLER_TYPE]);
    }
  });

  it('deletes with 204 (an empty JSON-typed answer), then GET is 404 and it is no longer listed', async () => {
    await create('doomed');
    const r = await t.http.delete(`${NAMESPACES}/doomed`).set('authorization', admin);
    expect([r.status, r.text, r.headers['content-type']]).toEqual([204, '', 'application/json']);
    expect((await t.http.get(`${NAMESPACES}/doomed`).set('authorization', admin)).status).toBe(404);
    expect(names((await t.http.get(NAMESPACES).set('authorization', admin)).text)).not.toContain('doomed');
  });

  it('deletes a namespace that still holds assets (204), which stay readable but cannot be written until it is made again', async () => {
    await create('orphans');
    const assets = `${NAMESPACES}/orphans/assets`;
    expect((await t.http.post(assets).set('authorization', admin).send(asset('left', 'orphans'))).status).toBe(201);
    expect((await t.http.delete(`${NAMESPACES}/orphans`).set('authorization', admin)).status).toBe(204);
    expect((await t.http.get(`${NAMESPACES}/orphans`).set('authorization', admin)).status).toBe(404);
    // 5.11 deleted only the namespace key: the assets are still listed and read…
    const list = await t.http.get(assets).set('authorization', admin);
    expect([list.status, (JSON.parse(list.text) as { metadata: { name: string } }[]).map((a) => a.metadata.name)]).toEqual([200, ['left']]);
    expect((await t.http.get(`${assets}/left`).set('authorization', admin)).status).toBe(200);
    const everywhere = JSON.parse((await t.http.get('/sensu/api/core/v2/assets').set('authorization', admin)).text) as { metadata: { namespace: string } }[];
    expect(everywhere.some((a) => a.metadata.namespace === 'orphans')).toBe(true);
    // …but writing one checks the namespace key: 5.11's 500.
    for (const r of [
      await t.http.post(assets).set('authorization', admin).send(asset('more', 'orphans')),
      await t.http.put(`${assets}/left`).set('authorization', admin).send(asset('left', 'orphans')),
    ]) {
      expect([r.status, r.text, r.headers['content-type']]).toEqual([500, '{"message":"the namespace orphans does not exist","code":0}', HANDLER_TYPE]);
    }
    // Made again, it has its assets back and takes new ones.
    expect((await create('orphans')).status).toBe(201);
    expect((await t.http.post(assets).set('authorization', admin).send(asset('more', 'orphans'))).status).toBe(201);
    expect((JSON.parse((await t.http.get(assets).set('authorization', admin)).text) as unknown[]).length).toBe(2);
  });
});

describe('namespaces: paging', () => {
  it('pages with limit and continue, Sensu-Continue being base64url of "<last name>\\0", none on the last page', async () => {
    const s = await testApp();
    try {
      const auth = `Bearer ${(await login(s)).access_token}`;
      for (const n of ['b', 'a', 'c', 'Z']) expect((await s.http.post(NAMESPACES).set('authorization', auth).send({ name: n })).status).toBe(201);
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const r = await s.http.get(`${NAMESPACES}?limit=2${next ? `&continue=${next}` : ''}`).set('authorization', auth);
        expect(r.status).toBe(200);
        const page = names(r.text);
        seen.push(...page);
        next = r.headers['sensu-continue'] as string | undefined;
        if (next) expect(next).toBe(Buffer.from(`${page[page.length - 1]}\0`).toString('base64url'));
        pages++;
      } while (next && pages < 10);
      // Byte order: capitals first.
      expect(seen).toEqual(['Z', 'a', 'b', 'c', 'default', 'production']);
      expect(pages).toBe(3);
      // Exactly limit left: no header; a continue token that does not decode: the first page.
      expect((await s.http.get(`${NAMESPACES}?limit=6`).set('authorization', auth)).headers['sensu-continue']).toBeUndefined();
      expect(names((await s.http.get(`${NAMESPACES}?limit=1&continue=YgA=`).set('authorization', auth)).text)).toEqual(['Z']);
      const bad = await s.http.get(`${NAMESPACES}?limit=%zz`).set('authorization', auth);
      expect([bad.status, bad.text]).toEqual([500, 'Request exceeded max length\n']);
    } finally {
      await s.close();
    }
  });
});

describe('namespaces: authentication and RBAC', () => {
  const routes: [string, string, object?][] = [
    ['get', NAMESPACES],
    ['post', NAMESPACES, { name: 'x' }],
    ['get', `${NAMESPACES}/default`],
    ['put', `${NAMESPACES}/default`, { name: 'default' }],
    ['delete', `${NAMESPACES}/default`],
  ];

  it('answers every route without a token with the middleware\'s 401, and a bad token with invalid credentials', async () => {
    for (const [method, path, body] of routes) {
      const none = await t.http[method as 'get'](path).send(body);
      expect([none.status, none.text, none.headers['content-type']], `${method} ${path}`).toEqual([401, '{"Code":5,"Message":"bad credentials"}', HANDLER_TYPE]);
      const bad = await t.http[method as 'get'](path).set('authorization', 'Bearer nope').send(body);
      expect([bad.status, bad.text], `${method} ${path}`).toEqual([401, '{"Code":5,"Message":"invalid credentials"}']);
    }
  });

  it('lets agent list and get namespaces (system:user) but not create, replace or delete one (403)', async () => {
    expect(names((await t.http.get(NAMESPACES).set('authorization', agent)).text)).toContain('default');
    expect((await t.http.get(`${NAMESPACES}/default`).set('authorization', agent)).text).toBe('{"name":"default"}');
    for (const [method, path, body] of routes.filter(([m]) => m !== 'get')) {
      const r = await t.http[method as 'post'](path).set('authorization', agent).send(body);
      expect([r.status, r.text, r.headers['content-type']], `${method} ${path}`).toEqual([403, '{"Code":4,"Message":"unauthorized to perform action"}', HANDLER_TYPE]);
    }
    // RBAC comes before the handler: a missing namespace is 403, not 404, for agent's DELETE.
    expect((await t.http.delete(`${NAMESPACES}/nope`).set('authorization', agent)).status).toBe(403);
    expect((await t.http.get(`${NAMESPACES}/default`).set('authorization', admin)).status).toBe(200);
    // agent still may not touch assets.
    expect((await t.http.get(`${NAMESPACES}/default/assets`).set('authorization', agent)).status).toBe(403);
  });

  it('gives a refresh token used as the bearer no groups: 403 even on the list', async () => {
    const tokens = await login(t);
    const r = await t.http.get(NAMESPACES).set('authorization', `Bearer ${tokens.refresh_token}`);
    expect([r.status, r.text]).toEqual([403, '{"Code":4,"Message":"unauthorized to perform action"}']);
  });

  it('answers other methods with the empty 405 before auth', async () => {
    const patch = await t.http.patch(`${NAMESPACES}/default`).send({});
    expect([patch.status, patch.text]).toEqual([405, '']);
    expect((await t.http.delete(NAMESPACES)).status).toBe(405);
    expect((await t.http.put(NAMESPACES)).status).toBe(405);
  });
});

describe('/__admin/sensu/namespaces and the API share the namespaces', () => {
  it('sees the API\'s namespaces and the API sees the admin\'s', async () => {
    const s = await testApp();
    try {
      const auth = `Bearer ${(await login(s)).access_token}`;
      expect((await s.http.post(NAMESPACES).set('authorization', auth).send({ name: 'from-api' })).status).toBe(201);
      expect((await s.http.post('/__admin/sensu/namespaces').send({ name: 'from-api' })).status).toBe(200);
      expect((await s.http.post('/__admin/sensu/namespaces').send({ name: 'From_Admin' })).status).toBe(201);
      expect((await s.http.post(NAMESPACES).set('authorization', auth).send({ name: 'From_Admin' })).status).toBe(409);
      expect((await s.http.get('/__admin/sensu/namespaces')).body).toEqual({ namespaces: ['From_Admin', 'default', 'from-api', 'production'] });
      expect(names((await s.http.get(NAMESPACES).set('authorization', auth)).text)).toEqual(['From_Admin', 'default', 'from-api', 'production']);
      // The same name rule: what the API refuses, the admin refuses.
      expect((await s.http.post('/__admin/sensu/namespaces').send({ name: 'a/b' })).status).toBe(400);
      expect((await s.http.delete(`${NAMESPACES}/from-api`).set('authorization', auth)).status).toBe(204);
      expect((await s.http.get('/__admin/sensu/namespaces')).body).toEqual({ namespaces: ['From_Admin', 'default', 'production'] });
    } finally {
      await s.close();
    }
  });
});
