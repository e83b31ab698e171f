import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { AGENT_BASIC, ASSETS, SHA512, asset, login, raw } from './helpers.js';

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

const TEXT = 'text/plain; charset=utf-8';
const post = (ns: string, body: string, auth?: string) => {
  const r = t.http.post(`${ASSETS}/${ns}/assets`).set('content-type', 'application/json');
  return raw(auth ? r.set('authorization', auth) : r, body);
};
const put = (ns: string, name: string, body: unknown) => t.http.put(`${ASSETS}/${ns}/assets/${name}`).set('authorization', admin).send(body as object);

// Each layer's shape, field by field, with its status and headers (sensu/sensu-go 5.11.0 backend/apid/routers/routers.go, middlewares/*.go, Go's net/http).
describe('the five error shapes', () => {
  it.each([
    ['handler (A): 404', () => t.http.get(`${ASSETS}/default/assets/nope`).set('authorization', admin), 404, '{"message":"not found","code":2}', true],
    ['handler (A): 409', () => post('default', JSON.stringify(asset('sensu-slack-handler')), admin), 409, '{"message":"resource already exists","code":3}', true],
    ['handler (A): 500', () => put('nons', 'x', asset('x', 'nons')), 500, '{"message":"the namespace nons does not exist","code":0}', true],
    ['middleware (B): 401', () => t.http.get(`${ASSETS}/default/assets`), 401, '{"Code":5,"Message":"bad credentials"}', false],
    ['middleware (B): 403', () => t.http.get(`${ASSETS}/default/assets`).set('authorization', agent), 403, '{"Code":4,"Message":"unauthorized to perform action"}', false],
    ['http.Error (C): 401', () => t.http.get('/sensu/auth'), 401, 'Request unauthorized\n', true],
    ['router (D): 404', () => t.http.get('/sensu/api/core/v2/checks'), 404, '{"code":2,"message":"not found"}\n', false],
  ])('%s', async (_name, send, status, body, nosniff) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.headers['x-content-type-options']).toBe(nosniff ? 'nosniff' : undefined);
    expect(r.text).toBe(body); // byte for byte: key order, key case, trailing newline or none
  });

  it('method mismatch (E): 405 with no body and no Content-Type', async () => {
    const r = await t.http.delete(`${ASSETS}/default/assets/sensu-slack-handler`);
    expect(r.status).toBe(405);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers['content-length']).toBe('0');
  });

  it("escapes <, > and & in a handler message as Go's json.Marshal does", async () => {
    const xml = await post('default', '<asset/>', admin);
    expect(xml.text).toBe(String.raw`{"message":"invalid character '\u003c' looking for beginning of value","code":1}`);
    const amp = await post('default', JSON.stringify({ ...asset('x'), metadata: { name: 'x', namespace: 'a&b' } }), admin);
    expect(amp.text).toBe(String.raw`{"message":"the namespace of the resource (a\u0026b) does not match the namespace of the URI (default)","code":1}`);
  });

  it('leaves plain-text errors unescaped', async () => {
    const { access_token } = await login(t);
    const r = await raw(t.http.post('/sensu/auth/token').set('authorization', `Bearer ${access_token}`).set('content-type', 'application/json'), '<x');
    expect(r.text).toBe("invalid character '<' looking for beginning of value\n");
  });
});

// 5.11.0's chain (backend/apid/routers, middlewares): routing, then Authentication, AllowList, RBAC, LimitRequest, then the handler's steps.
describe('the order of checks', () => {
  it('authenticates before it reads the body', async () => {
    expect((await post('default', '{bad')).text).toBe('{"Code":5,"Message":"bad credentials"}');
    expect((await post('default', `{"url":"${'x'.repeat(520_000)}"}`)).status).toBe(401);
  });

  it('applies RBAC before the body and before LimitRequest', async () => {
    expect((await post('default', '{bad', agent)).status).toBe(403);
    expect((await post('default', `{"url":"${'x'.repeat(520_000)}"}`, agent)).status).toBe(403);
    const q = await t.http.get(`${ASSETS}/default/assets?continue=%%%`).set('authorization', agent);
    expect(q.status).toBe(403);
  });

  it('decodes before CheckMeta: a type error wins over a namespace mismatch', async () => {
    const r = await post('default', '{"metadata":{"namespace":"other"},"url":5}', admin);
    expect(r.text).toBe('{"message":"json: cannot unmarshal number into Go struct field Asset.url of type string","code":1}');
  });

  it('checks the namespace before the name on PUT', async () => {
    const r = await put('default', 'zzz', asset('b', 'production'));
    expect(r.text).toBe('{"message":"the namespace of the resource (production) does not match the namespace of the URI (default)","code":1}');
  });

  it('runs CheckMeta before Validate: an invalid body with the wrong name gets the mismatch message', async () => {
    const r = await put('default', 'zzz', { ...asset('b'), sha512: 'short' });
    expect(r.text).toBe('{"message":"the name of the resource (b) does not match the name of the URI (zzz)","code":1}');
  });

  it('validates before it looks for the namespace: an invalid body in a missing namespace is 400, not 500', async () => {
    const r = await put('nons', 'x', { ...asset('x', 'nons'), url: 'ftp://example.com/x.tgz' });
    expect(r.status).toBe(400);
    expect(r.text).toBe('{"message":"invalid argument(s) received","code":1}');
  });

  it('validates before the conflict check, and PUT never conflicts', async () => {
    const invalid = await post('default', JSON.stringify({ ...asset('sensu-slack-handler'), filters: ['('] }), admin);
    expect([invalid.status, invalid.text]).toEqual([400, '{"message":"invalid argument(s) received","code":1}']);
    const replaced = await put('default', 'sensu-slack-handler', { ...asset('sensu-slack-handler'), sha512: SHA512 });
    expect(replaced.status).toBe(201);
  });
});
