import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const ahIn = (sandbox: string) => ({
  post: (id: string) => t.http.post('/actionhub/assets').set('X-Standin-Sandbox', sandbox).set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program').send({ assets: [{ asset_id: id }] }),
  list: async () => (await t.http.get('/actionhub/assets?size=100').set('X-Standin-Sandbox', sandbox).set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program')).body.items.map((a: { asset_id: string }) => a.asset_id) as string[],
});

describe('per-test sandboxes (X-Standin-Sandbox)', () => {
  it('two sandboxes used in parallel see neither each other\'s state nor journal nor faults', async () => {
    const a = ahIn('suite-a');
    const b = ahIn('suite-b');
    await t.http.post('/__admin/faults?sandbox=suite-b').send({ service: 'mediapocket', status: 500 });
    await Promise.all([...Array.from({ length: 5 }, (_, i) => a.post(`a-${i}`)), ...Array.from({ length: 5 }, (_, i) => b.post(`b-${i}`))]);
    const [inA, inB] = await Promise.all([a.list(), b.list()]);
    // Each starts from the fixtures (4 demo assets) and holds only its own writes.
    expect(inA.filter((id) => id.startsWith('a-')).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
    expect(inA.some((id) => id.startsWith('b-'))).toBe(false);
    expect(inB.some((id) => id.startsWith('a-'))).toBe(false);
    expect(inA).toContain('sku-1001');
    expect((await ahIn('default').list()).some((id) => /^[ab]-/.test(id))).toBe(false);

    const journalA = (await t.http.get('/__admin/requests?sandbox=suite-a&method=POST')).body.requests;
    expect(journalA).toHaveLength(5);
    expect(journalA.every((r: { sandbox: string }) => r.sandbox === 'suite-a')).toBe(true);
    expect((await t.http.post('/__admin/requests/count?sandbox=suite-b').send({ method: 'POST' })).body.count).toBe(5);

    const mpB = await t.http.get('/mediapocket/api/v2/projects/SpringCampaign2026aa').set('X-Standin-Sandbox', 'suite-b').set('X-API-KEY', 'demo-mediapocket-key');
    const mpA = await t.http.get('/mediapocket/api/v2/projects/SpringCampaign2026aa').set('X-Standin-Sandbox', 'suite-a').set('X-API-KEY', 'demo-mediapocket-key');
    expect([mpA.status, mpB.status]).toEqual([200, 500]);
  });

  it('admin calls take ?sandbox=, and DELETE drops a sandbox with its journal and faults', async () => {
    await ahIn('to-drop').post('x');
    expect((await t.http.get('/__admin/sandboxes')).body.sandboxes).toContain('to-drop');
    expect((await t.http.get('/__admin/state?sandbox=to-drop&service=actionhub')).body.services.actionhub.tenants['demo-program'].assets.x).toBeDefined();
    const r = await t.http.delete('/__admin/sandboxes/to-drop');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', sandbox: 'to-drop', removed: { requests: 1, faults: 0 } });
    expect((await t.http.get('/__admin/sandboxes')).body.sandboxes).not.toContain('to-drop');
    expect((await t.http.delete('/__admin/sandboxes/default')).status).toBe(400);
    expect((await t.http.delete('/__admin/sandboxes/never-made')).status).toBe(404);
  });

  it('an admin call on a sandbox not used yet sees (and keeps) its fixtures', async () => {
    const fresh = (await t.http.get('/__admin/state?sandbox=fresh-one&service=actionhub')).body.services.actionhub;
    expect(Object.keys(fresh.tenants['demo-program'].assets)).toContain('sku-1001');
    // A service's own admin route (Sensu namespaces) does not leave the new sandbox without Sensu's fixtures.
    expect((await t.http.post('/__admin/sensu/namespaces?sandbox=ns-first').send({ name: 'staging' })).status).toBe(201);
    const ns = (await t.http.get('/__admin/sensu/namespaces?sandbox=ns-first')).body.namespaces;
    expect(ns).toEqual(expect.arrayContaining(['default', 'production', 'staging']));
    expect((await t.http.get('/__admin/sensu/namespaces')).body.namespaces).not.toContain('staging');
  });

  it('refuses a sandbox name it cannot use', async () => {
    const r = await t.http.get('/actionhub/assets').set('X-Standin-Sandbox', 'bad name!');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_sandbox');
    expect((await t.http.get('/__admin/state?sandbox=bad%20name')).status).toBe(400);
  });
});

describe('a sandbox named in the base URL (/__sandbox/<name>/<service>/…)', () => {
  it('reaches the same sandbox as the header, and the URLs a service hands out there lead back to it', async () => {
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program' };
    expect((await t.http.post('/__sandbox/by-url/actionhub/assets').set(headers).send({ assets: [{ asset_id: 'by-url-1' }] })).status).toBe(200);
    expect(await ahIn('by-url').list()).toContain('by-url-1');
    expect(await ahIn('default').list()).not.toContain('by-url-1');
    const journaled = (await t.http.get('/__admin/requests?sandbox=by-url&service=actionhub')).body.requests;
    expect(journaled[0]).toMatchObject({ sandbox: 'by-url', path: '/assets' });

    // Webflow's upload URL, asked for with the header, carries the sandbox in its path.
    const created = await t.http.post('/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets').set('X-Standin-Sandbox', 'by-url').set('authorization', 'Bearer demo-token').send({ fileName: 'a.txt', fileHash: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(created.status).toBe(200);
    expect(new URL(created.body.uploadUrl).pathname).toMatch(/^\/__sandbox\/by-url\/webflow\//);
    expect(new URL(created.body.hostedUrl).pathname).toMatch(/^\/__sandbox\/by-url\/webflow\//);

    const bad = await t.http.get('/__sandbox/not%20ok/actionhub/assets').set(headers);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_sandbox');
  });
});

describe('sandbox names . and ..', () => {
  // Sent as written: a client's URL parser would fold `/__sandbox/../x` into `/x`.
  const rawStatus = (port: number, method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; code: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000 }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { error?: { code: string } }).error?.code ?? '' }));
      });
      req.on('error', reject);
      req.end();
    });

  it('are refused with 400 bad_sandbox wherever a sandbox is named: header, base URL, admin ?sandbox= and DELETE', async () => {
    const s = await serve({ services, logLevel: 'silent' });
    try {
      const key = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program' };
      for (const name of ['.', '..']) {
        expect(await rawStatus(s.port, 'GET', '/actionhub/assets', { ...key, 'x-standin-sandbox': name })).toEqual({ status: 400, code: 'bad_sandbox' });
        expect(await rawStatus(s.port, 'GET', `/__sandbox/${name}/actionhub/assets`, key)).toEqual({ status: 400, code: 'bad_sandbox' });
        for (const path of ['/__admin/requests', '/__admin/state', '/__admin/faults', '/__admin/sensu/namespaces']) {
          expect(await rawStatus(s.port, 'GET', `${path}?sandbox=${name}`), path).toEqual({ status: 400, code: 'bad_sandbox' });
        }
        expect(await rawStatus(s.port, 'DELETE', `/__admin/sandboxes/${name}`)).toEqual({ status: 400, code: 'bad_sandbox' });
      }
      expect(((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes).toEqual(['default']);
      // Names that only hold dots among other characters stay fine.
      expect((await rawStatus(s.port, 'GET', '/actionhub/assets', { ...key, 'x-standin-sandbox': '...' })).status).toBe(200);
      expect((await rawStatus(s.port, 'GET', '/__sandbox/a.b/actionhub/assets', key)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
