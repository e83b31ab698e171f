import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/index.js';
import { DOCS, DocumentChecker } from './helpers.js';

/** A mounted document's state and the control plane: collections, sandboxes, journal, faults, snapshots, docs, --seed. */
let s: Standin;
let galaxy: DocumentChecker;
const AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };

beforeAll(async () => {
  s = await startStandin({ specs: { galaxy: DOCS.galaxy, petstore: DOCS.petstore }, servicePorts: { galaxy: 0 } });
  galaxy = await DocumentChecker.of(DOCS.galaxy);
});
afterAll(async () => {
  await s?.close();
});

const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${s.url}${path}`, { method: 'POST', headers: { ...AUTH, ...headers }, body: JSON.stringify(body) });

describe('collections inferred from the document', () => {
  it('stores what POST creates, and GET, PUT, PATCH, DELETE and the list see it; an unknown id gets the documented 404', async () => {
    const created = await json(await post('/galaxy/planets', { name: 'Pluto', description: 'dwarf' }));
    expect(created.status).toBe(201);
    expect(galaxy.problem('post', '/planets', '201', created.body)).toBeUndefined();
    const id = created.body['id'];
    expect(typeof id).toBe('number');
    const read = await json(await fetch(`${s.url}/galaxy/planets/${id}`));
    expect(read.body).toEqual(created.body);
    const list = await json(await fetch(`${s.url}/galaxy/planets?limit=50`));
    expect(galaxy.problem('get', '/planets', '200', list.body)).toBeUndefined();
    expect(list.body['data']).toContainEqual(created.body);
    const put = await json(await fetch(`${s.url}/galaxy/planets/${id}`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ name: 'Pluto II' }) }));
    expect(put.body).toMatchObject({ id, name: 'Pluto II' });
    expect((await json(await fetch(`${s.url}/galaxy/planets/${id}`))).body['name']).toBe('Pluto II');
    const del = await fetch(`${s.url}/galaxy/planets/${id}`, { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(204);
    const gone = await json(await fetch(`${s.url}/galaxy/planets/${id}`));
    expect(gone.status).toBe(404);
    expect(galaxy.problem('get', '/planets/{planetId}', '404', gone.body)).toBeUndefined();
    expect((await fetch(`${s.url}/galaxy/planets/${id}`, { method: 'DELETE', headers: AUTH })).status).toBe(404);
  });

  it('keeps things per sandbox, in snapshots, and back to nothing on reset', async () => {
    const mine = await json(await post('/galaxy/planets', { name: 'Sandboxed' }, { 'X-Standin-Sandbox': 'galaxy-a' }));
    const id = mine.body['id'];
    expect((await fetch(`${s.url}/galaxy/planets/${id}`, { headers: { 'X-Standin-Sandbox': 'galaxy-b' } })).status).toBe(404);
    expect((await fetch(`${s.url}/__sandbox/galaxy-a/galaxy/planets/${id}`)).status).toBe(200);
    const snap = s.snapshot('galaxy-a');
    expect(Object.values(snap.services['galaxy']?.shared?.['/planets'] ?? {})).toContainEqual(expect.objectContaining({ name: 'Sandboxed' }));
    await fetch(`${s.url}/__admin/reset?sandbox=galaxy-a`, { method: 'POST' });
    expect((await fetch(`${s.url}/__sandbox/galaxy-a/galaxy/planets/${id}`)).status).toBe(404);
    await s.restore(snap, 'galaxy-a');
    expect((await fetch(`${s.url}/__sandbox/galaxy-a/galaxy/planets/${id}`)).status).toBe(200);
    await expect(s.restore({ services: { galaxy: { shared: { '/planets': { '9': { id: 'nine' } } } } } }, 'galaxy-a')).rejects.toThrow(/name|integer/);
  });

  it('is off with specStateless: the same requests answer from the document alone', async () => {
    const plain = await startStandin({ specs: { galaxy: DOCS.galaxy }, specStateless: true, fixtures: false });
    try {
      const created = await json(await fetch(`${plain.url}/galaxy/planets`, { method: 'POST', headers: AUTH, body: JSON.stringify({ name: 'Nowhere' }) }));
      expect(created.status).toBe(201);
      expect(created.body['name']).not.toBe('Nowhere');
      expect((await fetch(`${plain.url}/galaxy/planets/424242`)).status).toBe(200);
      expect(plain.snapshot().services['galaxy']).toEqual({ shared: {}, tenants: {} });
    } finally {
      await plain.close();
    }
  });
});

describe('the control plane', () => {
  it('journals requests as service NAME, and counts them', async () => {
    await fetch(`${s.url}/galaxy/planets/1`);
    await fetch(`${s.url}/galaxy/nowhere`);
    expect(s.count({ service: 'galaxy', method: 'GET', path: '/planets/*' })).toBeGreaterThanOrEqual(1);
    const [last] = s.requests({ service: 'galaxy', limit: 1 });
    expect(last).toMatchObject({ service: 'galaxy', path: '/nowhere', status: 404 });
    const r = await json(await fetch(`${s.url}/__admin/requests/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'galaxy' }) }));
    expect(r.body['count']).toBe(s.count({ service: 'galaxy' }));
  });

  it('applies faults and latency rules to it', async () => {
    const f = s.fault({ service: 'galaxy', path: '/me', status: 503, times: 1 });
    const hit = await fetch(`${s.url}/galaxy/me`, { headers: AUTH });
    expect(hit.status).toBe(503);
    expect(hit.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${s.url}/galaxy/me`, { headers: AUTH })).status).toBe(200);
    s.fault({ service: 'galaxy', latencyMs: 150, times: 1 });
    const t0 = performance.now();
    expect((await fetch(`${s.url}/galaxy/me`, { headers: AUTH })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(s.requests({ service: 'galaxy', limit: 3 }).some((e) => e.fault === f.id)).toBe(true);
  });

  it('lists it in /__admin/services, serves its document at /__admin/specs/NAME and on the docs page, and at its own port', async () => {
    const services = (await json(await fetch(`${s.url}/__admin/services`))).body['services'] as { name: string; baseUrls: string[] }[];
    const entry = services.find((x) => x.name === 'galaxy');
    expect(entry?.baseUrls).toEqual([`${s.url}/galaxy`, s.serviceUrls['galaxy']]);
    const doc = (await json(await fetch(`${s.url}/__admin/specs/galaxy`))).body;
    expect(doc['openapi']).toBe('3.1.1');
    expect(doc['servers']).toEqual([{ url: `${s.url}/galaxy`, description: 'Standin' }]);
    expect((await json(await fetch(`${s.url}/__admin/specs/petstore`))).body['openapi']).toBe('3.0.0');
    expect(await (await fetch(`${s.url}/__admin/docs/init.js`)).text()).toContain('/__admin/specs/galaxy');
    expect((await fetch(`${s.serviceUrls['galaxy']}/me`, { headers: AUTH })).status).toBe(200);
  });
});

describe('--seed', () => {
  const requests = ['/galaxy/planets/7', '/galaxy/me', '/galaxy/planets?limit=3', '/petstore/store/inventory'];
  const answers = async (seed: number | undefined, order: string[]) => {
    const one = await startStandin({ specs: { galaxy: DOCS.galaxy, petstore: DOCS.petstore }, specStateless: true, fixtures: false, ...(seed === undefined ? {} : { seed }) });
    try {
      const out: Record<string, string> = {};
      for (const path of order) out[path] = await (await fetch(`${one.url}${path}`, { headers: { ...AUTH, api_key: 'k', prefer: 'dynamic=true' } })).text();
      return out;
    } finally {
      await one.close();
    }
  };

  it('makes an answer depend only on the seed and the request: any order, across restarts', async () => {
    const first = await answers(42, requests);
    expect(await answers(42, [...requests].reverse())).toEqual(first);
    const other = await answers(43, requests);
    expect(other).not.toEqual(first);
  });

  it('without it, the same request gets different generated answers', async () => {
    const a = await answers(undefined, requests);
    const b = await answers(undefined, requests);
    expect(a).not.toEqual(b);
  });
});
