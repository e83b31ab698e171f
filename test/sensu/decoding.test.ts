import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ASSETS, SHA512, login, raw } from './helpers.js';

let t: TestApp;
let auth: string;
beforeAll(async () => {
  t = await testApp();
  auth = `Bearer ${(await login(t)).access_token}`;
});
afterAll(async () => {
  await t.close();
});

const send = (body: string | Buffer, contentType: string | null = 'application/json', query = '') => {
  const r = t.http.post(`${ASSETS}/default/assets${query}`).set('authorization', auth);
  if (contentType !== null) r.set('content-type', contentType);
  return raw(r, body);
};
const good = (name: string) => JSON.stringify({ url: 'https://example.com/a.tgz', sha512: SHA512, metadata: { name, namespace: 'default' } });

// What Go's encoding/json decoder says, as the handler's {"message","code":1} (5.11.0 backend/apid/routers WriteError).
describe('decoding the body as Go does', () => {
  it.each([
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['', 'EOF'],
    ['   ', 'EOF'],
    ['{"url": "x"', 'unexpected EOF'],
    ['{"url":5}', 'json: cannot unmarshal number into Go struct field Asset.url of type string'],
    ['{"filters":{"entity.system.os":"linux"}}', 'json: cannot unmarshal object into Go struct field Asset.filters of type []string'],
    ['{"filters":["ok", 5]}', 'json: cannot unmarshal number into Go struct field Asset.filters of type string'],
    ['[{"url":"x"}]', 'json: cannot unmarshal array into Go value of type v2.Asset'],
    ['"just a string"', 'json: cannot unmarshal string into Go value of type v2.Asset'],
    ['{"metadata":{"name":5}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.name of type string'],
    ['{"metadata":{"labels":{"a":true}}}', 'json: cannot unmarshal bool into Go struct field ObjectMeta.labels of type string'],
    ['{"headers":[]}', 'json: cannot unmarshal array into Go struct field Asset.headers of type map[string]string'],
    ['{"sha512":true,"url":7}', 'json: cannot unmarshal bool into Go struct field Asset.sha512 of type string'],
    ['null', 'the namespace of the resource () does not match the namespace of the URI (default)'],
  ])('%j answers 400 with Go\'s message', async (body, message) => {
    const r = await send(body);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.text).toBe(JSON.stringify({ message, code: 1 }));
  });

  it('reads only the first JSON value: trailing bytes are ignored', async () => {
    expect((await send(`${good('trailing')} garbage`)).status).toBe(201);
  });

  it('matches keys case-insensitively and drops unknown ones', async () => {
    const r = await send(JSON.stringify({ URL: 'https://example.com/a.tgz', Sha512: SHA512, METADATA: { Name: 'case-keys', namespace: 'default' }, other: 1 }));
    expect(r.status).toBe(201);
  });

  it.each([[null], ['application/x-www-form-urlencoded']])('ignores the body when the Content-Type is %s (ParseForm swallows it): EOF', async (ct) => {
    const r = await send(good('swallowed'), ct);
    expect(r.status).toBe(400);
    expect(r.text).toBe(JSON.stringify({ message: 'EOF', code: 1 }));
  });

  it('parses the body whatever other Content-Type it is sent with', async () => {
    expect((await send(good('text-plain'), 'text/plain')).status).toBe(201);
  });

  it('answers 500 Request exceeded max length for a bad %-escape in the query or a form body', async () => {
    for (const r of [await send(good('q'), 'application/json', '?continue=%%%'), await send('a=%zz', 'application/x-www-form-urlencoded')]) {
      expect(r.status).toBe(500);
      expect(r.text).toBe('Request exceeded max length\n');
    }
  });

  it('answers a body over 512,000 bytes: 400 from the JSON decoder, 500 from ParseForm', async () => {
    const big = `{"url":"${'x'.repeat(513_000)}"}`;
    const json = await send(big);
    expect(json.status).toBe(400);
    expect(json.text).toBe(JSON.stringify({ message: 'http: request body too large', code: 1 }));
    expect(json.headers['connection']).toBe('close');
    const form = await send(big, null);
    expect(form.status).toBe(500);
    expect(form.text).toBe('Request exceeded max length\n');
  });

  it('leaves the stored state unchanged after a refused body', async () => {
    const before = (await t.http.get('/__admin/state?service=sensu')).body;
    await send('{"metadata":{"name":"never","namespace":"default"},"url":5}');
    expect((await t.http.get('/__admin/state?service=sensu')).body).toEqual(before);
  });
});
