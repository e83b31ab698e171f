import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { freshDatabase, pgCluster } from '../helpers/pg.js';

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'ctl', 'content-type': 'application/json' };
const SITE = '580e63e98c9a982ac9b8b741';
const JSON_TYPE = { 'content-type': 'application/json' };

async function admin<T>(inst: RunningStandin, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${inst.url}/__admin${path}`, { method, headers: JSON_TYPE, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as T };
}

const assets = (inst: RunningStandin, headers: Record<string, string> = {}) => fetch(`${inst.url}/actionhub/assets`, { headers: { ...AH, ...headers } });

describe.skipIf(!pgCluster)('the control plane shared by two instances on one database', () => {
  let a: RunningStandin;
  let b: RunningStandin;
  beforeAll(async () => {
    const db = await freshDatabase();
    const options = { services, db, logLevel: 'silent' as const, maxSandboxes: 3, options: { 'webflow-rate-limit': '5' } };
    [a, b] = await Promise.all([serve(options), serve(options)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });
  beforeEach(async () => {
    expect((await admin(a, 'POST', '/reset')).status).toBe(200);
  });

  it('a fault added through one applies on both; `times: 1` fires once across both; hits count both; removal through the other', async () => {
    const once = await admin<{ id: string }>(a, 'POST', '/faults', { service: 'actionhub', path: '/assets', status: 503, times: 1 });
    expect(once.status).toBe(201);
    expect((await admin<{ faults: { id: string }[] }>(b, 'GET', '/faults')).body.faults.map((f) => f.id)).toEqual([once.body.id]);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, n) => assets(n % 2 ? a : b).then((r) => r.status)));
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect((await admin<{ faults: unknown[] }>(a, 'GET', '/faults')).body.faults).toEqual([]);

    const always = await admin<{ id: string }>(b, 'POST', '/faults', { service: 'actionhub', status: 500 });
    for (const inst of [a, b, a, b]) expect((await assets(inst)).status).toBe(500);
    expect((await admin<{ faults: { hits: number }[] }>(a, 'GET', '/faults')).body.faults.map((f) => f.hits)).toEqual([4]);
    expect((await admin<{ removed: number }>(a, 'DELETE', `/faults/${always.body.id}`)).body.removed).toBe(1);
    for (const inst of [b, a]) expect((await assets(inst)).status).toBe(200);
  });

  it('the journal: count, find and list see the requests answered by both; a clear through one clears both', async () => {
    for (const inst of [a, b, a, b, b]) expect((await assets(inst, { 'x-run': 'journal' })).status).toBe(200);
    for (const inst of [a, b]) {
      expect((await admin<{ count: number }>(inst, 'POST', '/requests/count', { service: 'actionhub', headers: { 'x-run': 'journal' } })).body.count).toBe(5);
      // A secret header matches by its exact value: the instances share the digest key.
      expect((await admin<{ count: number }>(inst, 'POST', '/requests/count', { headers: { 'actionhub-key': 'demo-actionhub-key' } })).body.count).toBe(5);
      expect((await admin<{ count: number }>(inst, 'POST', '/requests/count', { headers: { 'actionhub-key': 'demo-actionhub-*' } })).body.count).toBe(0);
      const found = (await admin<{ requests: { id: string; headers: Record<string, string> }[] }>(inst, 'POST', '/requests/find', { path: '/assets' })).body.requests;
      expect(found).toHaveLength(5);
      expect(new Set(found.map((e) => e.id)).size).toBe(5);
      expect(found[0]!.headers['actionhub-key']).toBe('***');
    }
    const listed = (await admin<{ requests: unknown[] }>(b, 'GET', '/requests?service=actionhub&limit=3')).body.requests;
    expect(listed).toHaveLength(3);
    expect((await admin<{ removed: number }>(b, 'DELETE', '/requests')).body.removed).toBeGreaterThanOrEqual(5);
    expect((await admin<{ count: number }>(a, 'POST', '/requests/count', { service: 'actionhub' })).body.count).toBe(0);
  });

  it('a request answered by one is counted through the other on the very next admin call', async () => {
    for (let n = 1; n <= 40; n++) {
      const [served, asked] = n % 2 ? [a, b] : [b, a];
      expect((await assets(served, { 'x-run': 'next' })).status).toBe(200);
      expect((await admin<{ count: number }>(asked, 'POST', '/requests/count', { headers: { 'x-run': 'next' } })).body.count).toBe(n);
    }
  });

  it('the journal keeps --journal-size entries in all', async () => {
    const db = await freshDatabase();
    const [x, y] = await Promise.all([0, 1].map(() => serve({ services, db, logLevel: 'silent', journalSize: 4 })));
    try {
      for (let n = 0; n < 7; n++) expect((await assets(n % 2 ? x! : y!)).status).toBe(200);
      for (const inst of [x!, y!]) expect((await admin<{ requests: unknown[] }>(inst, 'GET', '/requests')).body.requests).toHaveLength(4);
    } finally {
      await Promise.all([x?.close(), y?.close()]);
    }
  });

  it('the clock: set, advanced and released through either is what both read', async () => {
    expect((await admin(a, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(200);
    expect((await admin(b, 'GET', '/clock')).body).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true });
    expect((await admin(b, 'PUT', '/clock', { advance: '1h' })).body).toEqual({ now: '2030-01-01T01:00:00.000Z', frozen: true });
    expect((await admin(a, 'PUT', '/clock', { advance: '30m' })).body).toEqual({ now: '2030-01-01T01:30:00.000Z', frozen: true });
    await assets(b, { 'x-run': 'clock' });
    const entry = (await admin<{ requests: { timestamp: string }[] }>(a, 'POST', '/requests/find', { headers: { 'x-run': 'clock' } })).body.requests[0]!;
    expect(entry.timestamp).toBe('2030-01-01T01:30:00.000Z');
    expect((await admin<{ frozen: boolean }>(a, 'DELETE', '/clock')).body.frozen).toBe(false);
    const now = (await admin<{ now: string; frozen: boolean }>(b, 'GET', '/clock')).body;
    expect(now.frozen).toBe(false);
    expect(Math.abs(Date.parse(now.now) - Date.now())).toBeLessThan(5_000);
  });

  it('a reset through one clears journal, faults, clock and sandboxes for both', async () => {
    await admin(b, 'PUT', '/clock', { now: '2031-06-01T00:00:00Z' });
    await admin(b, 'POST', '/faults', { service: 'sensu', status: 500 });
    await assets(b, { 'x-standin-sandbox': 'kept-until-reset' });
    await assets(b);
    const done = await admin<{ removed: { requests: number; faults: number; sandboxes: string[] }; clockReleased: boolean }>(a, 'POST', '/reset');
    expect(done.body.removed).toEqual({ requests: 2, faults: 1, sandboxes: ['kept-until-reset'] });
    expect((await admin<{ frozen: boolean }>(b, 'GET', '/clock')).body.frozen).toBe(false);
    expect((await admin<{ faults: unknown[] }>(b, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await admin<{ count: number }>(b, 'POST', '/requests/count', {})).body.count).toBe(0);
    expect((await admin<{ sandboxes: string[] }>(b, 'GET', '/sandboxes')).body.sandboxes).toEqual(['default']);
  });

  it('sandboxes: made through one, listed and dropped through the other; --max-sandboxes counts both', async () => {
    expect((await assets(a, { 'x-standin-sandbox': 'one' })).status).toBe(200);
    expect((await assets(b, { 'x-standin-sandbox': 'two' })).status).toBe(200);
    expect((await admin<{ sandboxes: string[] }>(b, 'GET', '/sandboxes')).body.sandboxes.sort()).toEqual(['default', 'one', 'two']);
    const refused = await assets(a, { 'x-standin-sandbox': 'three' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_sandboxes');
    expect((await admin(b, 'DELETE', '/sandboxes/one')).status).toBe(200);
    expect((await admin<{ sandboxes: string[] }>(a, 'GET', '/sandboxes')).body.sandboxes.sort()).toEqual(['default', 'two']);
    expect((await assets(a, { 'x-standin-sandbox': 'three' })).status).toBe(200);
  });

  it('--max-sandboxes holds when both instances make new sandboxes at once (counted in the commit)', async () => {
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, n) => assets(n % 2 ? a : b, { 'x-standin-sandbox': `race-${n}` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    for (const inst of [a, b]) expect((await admin<{ sandboxes: string[] }>(inst, 'GET', '/sandboxes')).body.sandboxes).toHaveLength(3);
  });

  it("Webflow's per-token rate limit holds across both instances", async () => {
    await admin(a, 'PUT', '/clock', { now: '2030-05-01T00:00:00Z' });
    const seen: [number, string | null][] = [];
    for (let n = 0; n < 6; n++) {
      const r = await fetch(`${(n % 2 ? a : b).url}/webflow/v2/sites/${SITE}/assets`, { headers: { authorization: 'Bearer demo-token' } });
      seen.push([r.status, r.headers.get('x-ratelimit-remaining')]);
    }
    expect(seen).toEqual([[200, '4'], [200, '3'], [200, '2'], [200, '1'], [200, '0'], [429, '0']]);
    // Concurrent requests are counted once each: 10 more in the same minute are all refused.
    const more = await Promise.all(Array.from({ length: 10 }, (_, n) => fetch(`${(n % 2 ? a : b).url}/webflow/v2/sites/${SITE}/assets`, { headers: { authorization: 'Bearer demo-token' } }).then((r) => r.status)));
    expect(more).toEqual(Array(10).fill(429));
    // A new minute starts afresh on both.
    await admin(b, 'PUT', '/clock', { advance: '1m' });
    const next = await fetch(`${a.url}/webflow/v2/sites/${SITE}/assets`, { headers: { authorization: 'Bearer demo-token' } });
    expect([next.status, next.headers.get('x-ratelimit-remaining')]).toEqual([200, '4']);
  });

  it("the in-process helpers that would act on one instance alone are refused; requests() reads this instance's", async () => {
    expect(() => a.fault({ status: 500 })).toThrow(/admin API/);
    expect(() => b.clock.set('2030-01-01T00:00:00Z')).toThrow(/admin API/);
    expect(() => a.clearFaults()).toThrow(/admin API/);
    await assets(a, { 'x-run': 'in-process' });
    await assets(b, { 'x-run': 'in-process' });
    expect(a.count({ headers: { 'x-run': 'in-process' } })).toBe(1);
  });
});
