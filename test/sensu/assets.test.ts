import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ASSETS, SHA512, asset, login } from './helpers.js';

let t: TestApp;
let auth: string;
beforeAll(async () => {
  t = await testApp();
  auth = `Bearer ${(await login(t)).access_token}`;
});
afterAll(async () => {
  await t.close();
});

const TEXT = 'text/plain; charset=utf-8';
const get = (path: string) => t.http.get(`${ASSETS}${path}`).set('authorization', auth);
const post = (ns: string, body: unknown) => t.http.post(`${ASSETS}/${ns}/assets`).set('authorization', auth).send(body as object);
const put = (ns: string, name: string, body: unknown) => t.http.put(`${ASSETS}/${ns}/assets/${name}`).set('authorization', auth).send(body as object);
const handler = (message: string, code: number) => JSON.stringify({ message, code });

describe('GET assets', () => {
  it('lists the seed\'s assets sorted by name, in Go\'s key order with null filters/headers where empty', async () => {
    const r = await get('/default/assets');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    const items = JSON.parse(r.text) as Record<string, unknown>[];
    expect(items.map((a) => (a['metadata'] as { name: string }).name)).toEqual(['sensu-influxdb-handler', 'sensu-slack-handler']);
    expect(Object.keys(items[0]!)).toEqual(['url', 'sha512', 'filters', 'metadata', 'headers']);
    expect(items[0]!['headers']).toBeNull();
  });

  it('answers [] for an empty or unknown namespace', async () => {
    expect((await get('/no-such-namespace/assets')).text).toBe('[]');
  });

  it('answers a missing asset with the handler\'s 404', async () => {
    const r = await get('/default/assets/nope');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.text).toBe(handler('not found', 2));
  });
});

describe('POST and PUT assets', () => {
  it('creates with 201 and an empty JSON-typed body, then refuses the same name with 409', async () => {
    const r = await post('default', asset('created-once'));
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('');
    const again = await post('default', asset('created-once'));
    expect(again.status).toBe(409);
    expect(again.text).toBe(handler('resource already exists', 3));
  });

  it('PUT creates or replaces with 201', async () => {
    expect((await put('default', 'replaced', asset('replaced', 'default', { filters: ['true'] }))).status).toBe(201);
    expect((await put('default', 'replaced', asset('replaced', 'default', { url: 'https://example.com/v2.tgz' }))).status).toBe(201);
    const r = await get('/default/assets/replaced');
    expect(JSON.parse(r.text)).toEqual({ url: 'https://example.com/v2.tgz', sha512: SHA512, filters: null, metadata: { name: 'replaced', namespace: 'default' }, headers: null });
  });

  it('writes what it stored as Go would: sorted map keys, escaped < > &, empty maps omitted, unknown fields dropped', async () => {
    const body = { ...asset('go-json'), filters: ["entity.labels.a == 'x' && true"], headers: { 'X-B': 'b', Authorization: 'Bearer <t>' }, metadata: { name: 'go-json', namespace: 'default', labels: {}, annotations: { z: '1', a: '2' } }, extra: 1 };
    expect((await post('default', body)).status).toBe(201);
    const r = await get('/default/assets/go-json');
    expect(r.text).toBe(
      `{"url":"https://example.com/go-json.tar.gz","sha512":"${SHA512}","filters":["entity.labels.a == 'x' \\u0026\\u0026 true"],"metadata":{"name":"go-json","namespace":"default","annotations":{"a":"2","z":"1"}},"headers":{"Authorization":"Bearer \\u003ct\\u003e","X-B":"b"}}`,
    );
  });

  it('takes a name with a slash, sent as %2F', async () => {
    expect((await put('default', 'team%2Fshared', asset('team/shared'))).status).toBe(201);
    expect(JSON.parse((await get('/default/assets/team%2Fshared')).text).metadata.name).toBe('team/shared');
  });

  it.each([
    ['POST with no namespace in the body', () => post('default', { ...asset('x'), metadata: { name: 'x' } }), 'the namespace of the resource () does not match the namespace of the URI (default)'],
    ['POST with another namespace', () => post('default', asset('x', 'production')), 'the namespace of the resource (production) does not match the namespace of the URI (default)'],
    ['PUT with another name', () => put('default', 'zzz', asset('b')), 'the name of the resource (b) does not match the name of the URI (zzz)'],
    ['PUT with no name', () => put('default', 'zzz', { ...asset('x'), metadata: { namespace: 'default' } }), 'the name of the resource () does not match the name of the URI (zzz)'],
  ])('answers 400 for %s', async (_name, send, message) => {
    const r = await send();
    expect(r.status).toBe(400);
    expect(r.text).toBe(handler(message, 1));
  });

  // Each rule of (*Asset).Validate (sensu/sensu-go 5.11.0 types/asset.go), and 5.11 hides which one failed.
  it.each([
    ['an empty name', { ...asset('x'), metadata: { name: '', namespace: 'default' } }],
    ['an upper-case name', asset('Upper')],
    ['a name with a space', asset('a b')],
    ['no sha512', { ...asset('x'), sha512: '' }],
    ['a sha512 of 127 characters', { ...asset('x'), sha512: 'a'.repeat(127) }],
    ['no url', { ...asset('x'), url: '' }],
    ['a url Go cannot parse', { ...asset('x'), url: 'http://[::1' }],
    ['a url without a scheme', { ...asset('x'), url: 'noscheme' }],
    ['an ftp url', { ...asset('x'), url: 'ftp://example.com/a.tgz' }],
    ['a filter that is not JavaScript', { ...asset('x'), filters: ['entity.system.os ==', 'true'] }],
  ])('answers 400 invalid argument(s) received for %s', async (_name, body) => {
    const r = await post('default', body);
    expect(r.status).toBe(400);
    expect(r.text).toBe(handler('invalid argument(s) received', 1));
  });

  it('validates before it looks for an existing asset: an invalid body for a taken name is 400, not 409', async () => {
    const r = await post('default', { ...asset('sensu-slack-handler'), sha512: 'short' });
    expect(r.status).toBe(400);
  });

  it('answers 500 when the namespace does not exist', async () => {
    const r = await put('nons', 'x', asset('x', 'nons'));
    expect(r.status).toBe(500);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.text).toBe(handler('the namespace nons does not exist', 0));
  });

  it('accepts an HTTPS url with an upper-case scheme and a port', async () => {
    expect((await post('default', { ...asset('scheme-case'), url: 'HTTPS://example.com:8443/a.tgz' })).status).toBe(201);
  });

  it('keeps namespaces apart', async () => {
    expect((await put('production', 'only-in-prod', asset('only-in-prod', 'production'))).status).toBe(201);
    expect((await get('/default/assets/only-in-prod')).status).toBe(404);
    expect((await get('/default/assets')).text).not.toContain('only-in-prod');
  });
});

describe('routing, before any auth check', () => {
  it.each([
    ['delete', `${ASSETS}/default/assets/sensu-slack-handler`],
    ['patch', `${ASSETS}/default/assets/sensu-slack-handler`],
    ['put', `${ASSETS}/default/assets`],
    ['post', `${ASSETS}/default/assets/x`],
    ['head', `${ASSETS}/default/assets`],
    ['get', '/sensu/auth/token'],
  ])('answers %s %s with an empty 405 and no Content-Type', async (method, path) => {
    const r = await t.http[method as 'get'](path);
    expect(r.status).toBe(405);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers['content-length']).toBe('0');
    expect(r.text ?? '').toBe('');
  });

  it.each([['/sensu/api/core/v3/assets'], [`${ASSETS}/default/assets/`], ['/sensu/nope']])('answers %s with the router\'s 404 and a newline', async (path) => {
    const r = await t.http.get(path);
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe(TEXT);
    expect(r.text).toBe('{"code":2,"message":"not found"}\n');
  });

  it('answers a bad %-escape in the path as Go\'s HTTP server does: a plain 400 before any handler', async () => {
    for (const path of [`${ASSETS}/%ZZ/assets`, '/sensu/nope/%G1']) {
      const r = await t.http.get(path);
      expect(r.status).toBe(400);
      expect(r.text).toBe('400 Bad Request');
    }
  });

  it('redirects `..` in a path to the clean path, even where a route would match', async () => {
    const r = await t.http.get(`${ASSETS}/../assets`).set('authorization', auth).redirects(0);
    expect(r.status).toBe(301);
    expect(r.headers['location']).toBe('/sensu/api/core/v2/assets');
  });

  it('redirects a path that is not clean with 301', async () => {
    const r = await t.http.get('/sensu/api/core/v2//assets?limit=1').redirects(0);
    expect(r.status).toBe(301);
    expect(r.headers['location']).toBe('/sensu/api/core/v2/assets?limit=1');
  });
});
