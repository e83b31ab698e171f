import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, postJson } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /actionhub/assets', () => {
  it('adds new assets and answers {"result": "<n> assets upserted"}', async () => {
    const r = await ah(t, 'post', '/assets', { program: 'shop-a' }).send({ assets: [{ asset_id: 'a1', asset_name: 'One', labels: ['x'] }, { asset_id: 'a2' }] });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({ result: '2 assets upserted' });
    const g = await ah(t, 'get', '/assets', { program: 'shop-a' });
    expect(g.body).toEqual({ items: [{ asset_id: 'a1', asset_name: 'One', labels: ['x'] }, { asset_id: 'a2', asset_name: null, labels: null }], total: 2, page: 1, size: 50 });
  });

  it('replaces an asset with the same asset_id, and the last of repeats in one request wins', async () => {
    await ah(t, 'post', '/assets', { program: 'shop-b' }).send({ assets: [{ asset_id: 'a1', asset_name: 'Old', labels: ['x'] }] });
    const r = await ah(t, 'post', '/assets', { program: 'shop-b' }).send({ assets: [{ asset_id: 'a1', asset_name: 'First' }, { asset_id: 'a1', asset_name: 'Last' }] });
    expect(r.body).toEqual({ result: '2 assets upserted' });
    const g = await ah(t, 'get', '/assets', { program: 'shop-b' });
    expect(g.body.items).toEqual([{ asset_id: 'a1', asset_name: 'Last', labels: null }]);
  });

  it('ignores unknown fields and accepts an empty list, an empty asset_id and an empty program-id', async () => {
    expect((await ah(t, 'post', '/assets', { program: '' }).send({ assets: [{ asset_id: '', extra: 1 }], other: true })).status).toBe(200);
    expect((await ah(t, 'post', '/assets', { program: 'shop-c' }).send({ assets: [] })).body).toEqual({ result: '0 assets upserted' });
  });

  it('keeps programs apart: one program never sees another\'s assets', async () => {
    await ah(t, 'post', '/assets', { program: 'iso-1' }).send({ assets: [{ asset_id: 'shared-id', asset_name: 'mine' }] });
    await ah(t, 'post', '/assets', { program: 'iso-2' }).send({ assets: [{ asset_id: 'shared-id', asset_name: 'theirs' }] });
    expect((await ah(t, 'get', '/assets', { program: 'iso-1' })).body.items).toEqual([{ asset_id: 'shared-id', asset_name: 'mine', labels: null }]);
    expect((await ah(t, 'get', '/assets', { program: 'iso-2' })).body.items).toEqual([{ asset_id: 'shared-id', asset_name: 'theirs', labels: null }]);
    expect((await ah(t, 'get', '/assets', { program: 'iso-3' })).body).toEqual({ items: [], total: 0, page: 1, size: 50 });
  });

  it('stores odd keys and text as plain data, byte for byte', async () => {
    const name = 'ünï €😀 \u0000 NUL';
    const body = `{"assets":[{"asset_id":"__proto__","asset_name":${JSON.stringify(name)},"labels":[{"__proto__":{"polluted":true}},{"constructor":{"prototype":{"x":1}}}]}]}`;
    expect((await postJson(t, '/assets', body, { program: 'odd' })).status).toBe(200);
    const g = await ah(t, 'get', '/assets', { program: 'odd' });
    expect(g.body.items[0].asset_id).toBe('__proto__');
    expect(g.body.items[0].asset_name).toBe(name);
    expect(g.text).toContain('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('counts asset_id length in characters as Python does (64 emoji pass, 65 fail)', async () => {
    expect((await ah(t, 'post', '/assets').send({ assets: [{ asset_id: '😀'.repeat(64) }] })).status).toBe(200);
    expect((await ah(t, 'post', '/assets').send({ assets: [{ asset_id: '😀'.repeat(65) }] })).status).toBe(422);
  });
});

describe('GET /actionhub/assets', () => {
  it('pages with page and size and reports the total', async () => {
    const assets = Array.from({ length: 7 }, (_, i) => ({ asset_id: `p${i}` }));
    await ah(t, 'post', '/assets', { program: 'paging' }).send({ assets });
    const r = await ah(t, 'get', '/assets?page=2&size=3', { program: 'paging' });
    expect(r.body).toEqual({ items: ['p3', 'p4', 'p5'].map((id) => ({ asset_id: id, asset_name: null, labels: null })), total: 7, page: 2, size: 3 });
    expect((await ah(t, 'get', '/assets?page=4&size=3', { program: 'paging' })).body).toEqual({ items: [], total: 7, page: 4, size: 3 });
  });

  it('filters by search, case-insensitively, on asset_id or asset_name', async () => {
    const r = await ah(t, 'get', '/assets?search=RUNNING', { program: 'demo-program' });
    expect(r.body.items.map((a: { asset_id: string }) => a.asset_id)).toEqual(['sku-1001', 'blog-42']);
    expect(r.body.total).toBe(2);
  });

  it('serves the fixtures of the demo program', async () => {
    const r = await ah(t, 'get', '/assets', { program: 'demo-program' });
    expect(r.body.total).toBe(9);
    expect(r.body.items[0]).toEqual({ asset_id: 'sku-1001', asset_name: 'Trail running shoe', labels: ['running', 'outdoor'] });
  });
});

describe('GET /actionhub/assets?search= with reserved characters', () => {
  it('searches for them as text', async () => {
    await ah(t, 'post', '/assets', { program: 'reserved' }).send({ assets: [{ asset_id: 'a/b?c=*', asset_name: 'odd' }, { asset_id: 'plain' }] });
    const r = await ah(t, 'get', `/assets?search=${encodeURIComponent('/b?c=*')}`, { program: 'reserved' });
    expect(r.body.items.map((a: { asset_id: string }) => a.asset_id)).toEqual(['a/b?c=*']);
    expect((await ah(t, 'get', '/assets?search=a/b', { program: 'reserved' })).body.total).toBe(1);
  });
});
