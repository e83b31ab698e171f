import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const ah = (program = 'journal') => t.http.post('/actionhub/assets?src=test').set('actionhub-key', 'demo-actionhub-key').set('program-id', program);

describe('the request journal', () => {
  it('records each request: service, method, path under the prefix, query, masked headers, bodies, status, timing', async () => {
    await t.http.delete('/__admin/requests');
    await ah().send({ assets: [{ asset_id: 'j1' }] });
    const { requests } = (await t.http.get('/__admin/requests')).body;
    expect(requests).toHaveLength(1);
    const e = requests[0];
    expect(e).toMatchObject({ sandbox: 'default', service: 'actionhub', method: 'POST', path: '/assets', query: { src: 'test' }, status: 200, matched: true, operationId: 'post_assets' });
    expect(e.headers['actionhub-key']).toBe('***');
    expect(e.headers['program-id']).toBe('journal');
    expect(e.body).toEqual({ assets: [{ asset_id: 'j1' }] });
    expect(e.response.body).toEqual({ result: '1 assets upserted' });
    expect(e.response.headers['content-type']).toBe('application/json');
    expect(typeof e.durationMs).toBe('number');
    expect(Date.parse(e.timestamp)).not.toBeNaN();
  });

  it('masks tokens in headers and bodies', async () => {
    const login = await t.http.get('/sensu/auth').set('authorization', `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`);
    expect(login.status).toBe(200);
    const [e] = (await t.http.get('/__admin/requests?service=sensu&limit=1')).body.requests;
    expect(e.headers.authorization).toBe('Basic ***');
    expect(e.response.body.access_token).toBe('***');
    expect(e.response.body.refresh_token).toBe('***');
  });

  it('masks secrets wherever they travel: headers, query, JSON and form bodies', async () => {
    await t.http.delete('/__admin/requests');
    await t.http
      .post('/actionhub/assets?access_token=q-secret&src=kept')
      .set('actionhub-key', 'demo-actionhub-key')
      .set('program-id', 'mask')
      .set('x-auth-token', 'h-secret')
      .set('api-key', 'h-secret')
      .set('cookie', 'session=h-secret')
      .send({ assets: [{ asset_id: 'm1', asset_name: 'visible', labels: null }], nested: { password: 'b-secret', api_key: 'b-secret' } });
    await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').set('content-type', 'application/x-www-form-urlencoded').send('title=visible&password=f-secret&token=f-secret');
    const [form, json] = (await t.http.get('/__admin/requests')).body.requests;
    expect(JSON.stringify([form, json])).not.toMatch(/secret|demo-actionhub-key|demo-mediapocket-key/);
    expect(json.headers).toMatchObject({ 'actionhub-key': '***', 'x-auth-token': '***', 'api-key': '***', cookie: '***', 'program-id': 'mask' });
    expect(json.query).toEqual({ access_token: '***', src: 'kept' });
    expect(json.body.nested).toEqual({ password: '***', api_key: '***' });
    expect(json.body.assets[0].asset_name).toBe('visible');
    expect(form.headers['x-api-key']).toBe('***');
    expect(form.body).toBe('title=visible&password=***&token=***');
  });

  it('shows Webflow\'s presigned S3 upload as its form fields, signature and policy masked, and the file without its bytes', async () => {
    const bytes = Buffer.from('not really a png');
    const site = '580e63e98c9a982ac9b8b741';
    const up = (await t.http.post(`/webflow/v2/sites/${site}/assets`).set('authorization', 'Bearer demo-token').send({ fileName: 'j.png', fileHash: createHash('md5').update(bytes).digest('hex') })).body;
    let post = t.http.post(new URL(up.uploadUrl).pathname);
    for (const [k, v] of Object.entries(up.uploadDetails as Record<string, string>)) post = post.field(k, v);
    expect((await post.attach('file', bytes, { filename: 'j.png', contentType: 'image/png' })).status).toBe(201);
    const [upload, create] = (await t.http.get('/__admin/requests?service=webflow&limit=2')).body.requests;
    // `key` and `X-Amz-Credential` fall under the broad rule too (names containing key, credential).
    expect(create.response.body.uploadDetails).toMatchObject({ Policy: '***', 'X-Amz-Signature': '***', key: '***', 'X-Amz-Credential': '***', acl: 'public-read' });
    expect(upload).toMatchObject({ method: 'POST', status: 201, matched: true, path: new URL(up.uploadUrl).pathname.slice('/webflow'.length) });
    expect(upload.nearMisses).toBeUndefined();
    expect(upload.body.fields).toMatchObject({ key: '***', Policy: '***', 'X-Amz-Signature': '***', 'X-Amz-Credential': '***', acl: 'public-read' });
    expect(upload.body.files).toEqual([{ field: 'file', filename: 'j.png', contentType: 'image/png', size: bytes.length }]);
    expect(JSON.stringify(upload)).not.toContain(up.uploadDetails['X-Amz-Signature']);
    // A test can still ask for "exactly one upload for this site".
    expect((await t.http.post('/__admin/requests/count').send({ service: 'webflow', method: 'POST', path: `/__s3/*/${site}/**` })).body.count).toBe(1);
  });

  it('lists newest first and filters by service, method, path glob, status, since and limit', async () => {
    const since = new Date().toISOString();
    await ah().send({ assets: [] });
    await t.http.get('/actionhub/labels').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'journal');
    await t.http.get('/mediapocket/api/v2/assets/nope').set('X-API-KEY', 'demo-mediapocket-key');
    const list = async (q: string) => (await t.http.get(`/__admin/requests?${q}`)).body.requests as { method: string; path: string; status: number; service: string }[];
    const recent = await list(`since=${encodeURIComponent(since)}`);
    expect(recent.map((r) => r.path)).toEqual(['/api/v2/assets/nope', '/labels', '/assets']);
    expect((await list(`since=${encodeURIComponent(since)}&service=actionhub`)).map((r) => r.path)).toEqual(['/labels', '/assets']);
    expect((await list(`since=${encodeURIComponent(since)}&method=GET&service=actionhub`)).map((r) => r.path)).toEqual(['/labels']);
    expect((await list(`since=${encodeURIComponent(since)}&path=${encodeURIComponent('/api/v2/assets/*')}`)).map((r) => r.status)).toEqual([404]);
    expect(await list(`since=${encodeURIComponent(since)}&status=404`)).toHaveLength(1);
    expect(await list('limit=2')).toHaveLength(2);
    expect((await t.http.get('/__admin/requests?limit=0')).status).toBe(400);
  });

  it('counts and finds with a WireMock-style matcher: headers and partial JSON bodies', async () => {
    await t.http.delete('/__admin/requests');
    await ah('p-a').send({ assets: [{ asset_id: 'x1', asset_name: 'one' }, { asset_id: 'x2' }] });
    await ah('p-b').send({ assets: [{ asset_id: 'x3' }] });
    const count = async (m: object) => (await t.http.post('/__admin/requests/count').send(m)).body.count as number;
    expect(await count({ service: 'actionhub', method: 'POST', path: '/assets' })).toBe(2);
    expect(await count({ headers: { 'program-id': 'p-a' } })).toBe(1);
    expect(await count({ headers: { 'program-id': 'p-*' } })).toBe(2);
    expect(await count({ body: { assets: [{ asset_id: 'x2' }] } })).toBe(1);
    expect(await count({ body: { assets: [{ asset_id: 'nope' }] } })).toBe(0);
    const found = (await t.http.post('/__admin/requests/find').send({ body: { assets: [{ asset_name: 'one' }] } })).body.requests;
    expect(found.map((r: { headers: Record<string, string> }) => r.headers['program-id'])).toEqual(['p-a']);
    expect((await t.http.post('/__admin/requests/count').send({ nonsense: 1 })).status).toBe(400);
    // Header values match as sent or as shown; query parameters too.
    expect(await count({ headers: { 'actionhub-key': 'demo-actionhub-key' } })).toBe(2);
    expect(await count({ headers: { 'actionhub-key': '***' } })).toBe(2);
    expect(await count({ headers: { 'actionhub-key': 'other-key' } })).toBe(0);
    expect(await count({ query: { src: 'test' } })).toBe(2);
    expect(await count({ query: { src: 't*' }, headers: { 'program-id': 'p-b' } })).toBe(1);
    expect(await count({ query: { src: 'nope' } })).toBe(0);
  });

  it('marks requests that matched no operation, with the nearest operations', async () => {
    await t.http.get('/actionhub/asset').set('actionhub-key', 'demo-actionhub-key');
    await t.http.post('/nowhere/assets');
    const unmatched = (await t.http.get('/__admin/requests?unmatched=true&limit=2')).body.requests;
    expect(unmatched[0]).toMatchObject({ service: null, path: '/nowhere/assets', matched: false });
    expect(unmatched[1]).toMatchObject({ service: 'actionhub', path: '/asset', matched: false });
    expect(unmatched[1].nearMisses[0]).toMatchObject({ service: 'actionhub', method: 'GET', path: '/assets', operationId: 'get_assets' });
  });

  it('clears (DELETE) and keeps no more than its size', async () => {
    expect((await t.http.delete('/__admin/requests')).body.removed).toBeGreaterThan(0);
    expect((await t.http.get('/__admin/requests')).body.requests).toEqual([]);
    const small = await testApp({ journalSize: 3 });
    for (let i = 0; i < 7; i++) await small.http.get(`/actionhub/labels?page=${i + 1}`).set('actionhub-key', 'demo-actionhub-key').set('program-id', 'x');
    const kept = (await small.http.get('/__admin/requests')).body.requests;
    expect(kept.map((r: { query: { page: string } }) => r.query.page)).toEqual(['7', '6', '5']);
    await small.close();
  });
});

describe('the journal\'s memory', () => {
  it('stays bounded by its size however large the bodies are: only the first 8 KiB of each is kept', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const small = await testApp({ journalSize: 40 });
    const big = JSON.stringify({ assets: [{ asset_id: 'big', asset_name: 'x'.repeat(900_000) }] });
    const send = () => small.http.post('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'mem').set('content-type', 'application/json').send(big);
    await send();
    gc();
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 40; i++) await send();
    // Array buffers are freed by a sweeper after the collection, not by gc() itself.
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    // 40 entries kept whole would hold 36 MB of request bodies alone.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    const [entry] = (await small.http.get('/__admin/requests?limit=1')).body.requests;
    expect(entry.truncated).toBe(true);
    expect(entry.body.length).toBe(8 * 1024);
    await small.close();
  });
});

describe('GET /__admin/requests/stream', () => {
  let s: RunningStandin;
  beforeAll(async () => {
    s = await serve({ services, logLevel: 'silent' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('streams new entries as server-sent events', async () => {
    const ac = new AbortController();
    const res = await fetch(`${s.url}/__admin/requests/stream?service=actionhub`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await fetch(`${s.url}/mediapocket/api/v2/assets/x`, { headers: { 'X-API-KEY': 'demo-mediapocket-key' } });
    await fetch(`${s.url}/actionhub/labels`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'sse' } });
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('event: request') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!) as { service: string; path: string };
    expect(data).toMatchObject({ service: 'actionhub', path: '/labels' });
  });
});

describe('the journal reuses the room of the bodies it keeps', () => {
  it('shows each kept entry with its own bodies after the ring wraps and after a sandbox is cleared', async () => {
    const j = await testApp({ journalSize: 4 });
    const post = (sandbox: string, id: string) =>
      j.http.post('/actionhub/assets').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p', 'x-standin-sandbox': sandbox }).send({ assets: [{ asset_id: id }] });
    for (let i = 0; i < 7; i++) await post(i % 2 ? 'odd' : 'even', `id-${i}`);
    const ids = async (sandbox: string) =>
      ((await j.http.get(`/__admin/requests?sandbox=${sandbox}`)).body.requests as { body: { assets: { asset_id: string }[] } }[]).map((r) => r.body.assets[0]!.asset_id);
    expect([...(await ids('even')), ...(await ids('odd'))].sort()).toEqual(['id-3', 'id-4', 'id-5', 'id-6']);
    expect((await j.http.delete('/__admin/requests?sandbox=odd')).status).toBe(200);
    // The freed room is used again: new entries never show an old or a neighbour's body.
    for (let i = 7; i < 10; i++) await post('even', `id-${i}`);
    expect(await ids('even')).toEqual(['id-9', 'id-8', 'id-7', 'id-6']);
    await j.close();
  });
});
