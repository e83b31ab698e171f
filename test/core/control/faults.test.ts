import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { kitsFor } from '../../helpers/kit.js';
import { testServices as services } from '../../helpers/registry.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ services });
});
afterAll(async () => {
  await t.close();
});

const addFault = async (rule: object) => {
  const r = await t.http.post('/__admin/faults').send(rule);
  expect(r.status).toBe(201);
  return r.body as { id: string };
};

describe('faults answer in each service\'s own shape', () => {
  // Every registered service, so a new one is covered with no new code.
  it.each(services.map((s) => [s.name]))('%s: a 503 fault answers that service\'s 503 body', async (name) => {
    await t.http.delete('/__admin/faults');
    await addFault({ service: name, status: 503 });
    const r = await t.http.get(`/${name}/anything/at/all`);
    const svc = t.rt.services.find((s) => s.module.name === name)!;
    const expected = svc.module.mapProblem({ kind: 'status', status: 503 }, r.request as never);
    expect(r.status).toBe(503);
    const body = expected.json !== undefined ? (svc.module.serializeJson ?? JSON.stringify)(expected.json) : String(expected.raw ?? '');
    expect(r.text).toBe(body);
    await t.http.delete('/__admin/faults');
  });

  it.each(services.map((s) => [s.name]))('%s: a rateLimit fault answers that service\'s 429 with Retry-After', async (name) => {
    await addFault({ service: name, rateLimit: true, retryAfterSeconds: 7, times: 1 });
    const r = await t.http.get(`/${name}/x`);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('7');
  });
});

// Each service's kit gives the bodies its real counterpart sends per status (not as the mappers happen
// to write them) and a path one of its operations answers: every registered service, the fake included.
const kits = await kitsFor(services.map((s) => s.name));
const OWN: Record<string, Record<number, [string, string]>> = Object.fromEntries(Object.entries(kits).flatMap(([name, kit]) => (kit ? [[name, kit.faultAnswers]] : [])));
const REAL_PATH: Record<string, string> = Object.fromEntries(Object.entries(kits).flatMap(([name, kit]) => (kit ? [[name, kit.realPath]] : [])));

describe('faults answer in each real service\'s words', () => {
  it('covers every registered service', () => {
    expect(Object.keys(OWN).sort()).toEqual(services.map((s) => s.name).sort());
  });

  it.each(Object.keys(OWN))('%s: status faults answer its own error body and content type, on a real operation', async (name) => {
    for (const [status, [type, body]] of Object.entries(OWN[name]!)) {
      await addFault({ service: name, method: 'GET', status: Number(status), times: 1 });
      const r = await t.http.get(REAL_PATH[name]!);
      expect(r.status).toBe(Number(status));
      expect(r.headers['content-type']).toBe(type);
      expect(r.text).toBe(body);
    }
    const [entry] = (await t.http.get(`/__admin/requests?service=${name}&limit=1`)).body.requests;
    // Journaled as hit, and still named after the operation it was for.
    expect(entry).toMatchObject({ matched: true, fault: expect.stringMatching(/^f\d+$/), operationId: expect.any(String) });
    expect(entry.nearMisses).toBeUndefined();
  });

  it('rateLimit: Webflow\'s 429 says no requests remain, as its limiter does', async () => {
    await addFault({ service: 'webflow', rateLimit: true, times: 1 });
    const r = await t.http.get(REAL_PATH['webflow']!).set('authorization', 'Bearer demo-token');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.headers['x-ratelimit-remaining']).toBe('0');
    expect(r.body).toEqual({ code: 'too_many_requests', message: 'Too many requests', externalReference: null, details: [] });
  });
});

describe('fault rules', () => {
  it('hits only matching requests, for `times` of them, and journals the hit', async () => {
    const { id } = await addFault({ service: 'actionhub', method: 'GET', path: '/lab*', status: 500, times: 1 });
    const get = () => t.http.get('/actionhub/labels').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'f');
    const first = await get();
    expect(first.status).toBe(500);
    expect(first.text).toBe('Internal Server Error'); // Starlette's own answer to a crash
    expect((await get()).status).toBe(200);
    const [entry] = (await t.http.get('/__admin/requests?service=actionhub&status=500&limit=1')).body.requests;
    expect(entry.fault).toBe(id);
    expect((await t.http.get('/__admin/faults')).body.faults).toEqual([]);
  });

  it('answers a given body instead of the service\'s', async () => {
    await addFault({ service: 'mediapocket', status: 418, body: { error: 'teapot' }, times: 1 });
    const r = await t.http.get('/mediapocket/api/v2/assets/x').set('X-API-KEY', 'demo-mediapocket-key');
    expect(r.status).toBe(418);
    expect(r.body).toEqual({ error: 'teapot' });
  });

  it('delays by at least latencyMs, and within [latencyMs, latencyMaxMs]', async () => {
    await addFault({ service: 'actionhub', latencyMs: 150, latencyMaxMs: 200, times: 2 });
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const r = await t.http.get('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'f');
      const took = performance.now() - t0;
      expect(r.status).toBe(200);
      expect(took).toBeGreaterThanOrEqual(150);
      expect(took).toBeLessThan(1500);
    }
  });

  it('draws its dice apart from the seeded ids (--seed): a probability rule does not change them', async () => {
    const ids = async (withFault: boolean) => {
      const s = await testApp({ seed: 11 });
      if (withFault) await s.http.post('/__admin/faults').send({ service: 'mediapocket', latencyMs: 0, latencyMaxMs: 3, probability: 0.5 });
      const made = [];
      for (let i = 0; i < 3; i++) made.push((await s.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').send({ title: `p${i}` })).body.project.id);
      await s.close();
      return made;
    };
    expect(await ids(true)).toEqual(await ids(false));
  });

  it('never hits with probability 0, always with probability 1', async () => {
    const { id } = await addFault({ service: 'sensu', status: 500, probability: 0 });
    for (let i = 0; i < 5; i++) expect((await t.http.get('/sensu/api/core/v2/assets')).status).toBe(401);
    await t.http.delete(`/__admin/faults/${id}`);
    await addFault({ service: 'sensu', status: 500, probability: 1, times: 1 });
    expect((await t.http.get('/sensu/api/core/v2/assets')).status).toBe(500);
  });

  it('lists and removes rules; refuses a bad rule with a clear error', async () => {
    const a = await addFault({ service: 'webflow', status: 500 });
    await addFault({ service: 'webflow', latencyMs: 1 });
    expect((await t.http.get('/__admin/faults')).body.faults).toHaveLength(2);
    expect((await t.http.delete(`/__admin/faults/${a.id}`)).body).toEqual({ removed: 1 });
    expect((await t.http.delete(`/__admin/faults/${a.id}`)).status).toBe(404);
    expect((await t.http.delete('/__admin/faults')).body).toEqual({ removed: 1 });
    for (const bad of [{ path: 'v2/sites', status: 500 }, { status: 99 }, { service: 'nope', status: 500 }, { service: 'webflow' }, { probability: 2, status: 500 }, { body: {} }, { latencyMs: 10, latencyMaxMs: 5 }, { what: 1, status: 500 }]) {
      const r = await t.http.post('/__admin/faults').send(bad);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_fault');
    }
  });
});

describe('a reset fault', () => {
  let s: RunningStandin;
  beforeAll(async () => {
    s = await serve({ services, logLevel: 'silent' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('drops the connection without an answer, and the journal says so (status 0)', async () => {
    s.fault({ service: 'actionhub', reset: true, times: 1 });
    await expect(fetch(`${s.url}/actionhub/assets`)).rejects.toThrow();
    const deadline = Date.now() + 2000;
    while (!s.requests({ service: 'actionhub' }).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.requests({ service: 'actionhub' })[0]).toMatchObject({ status: 0, fault: expect.any(String) });
    expect((await fetch(`${s.url}/actionhub/assets`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'x' } })).status).toBe(200);
  });
});
