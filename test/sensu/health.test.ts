import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// The docs' example cluster (5.11 api/health.md), which the fixtures hold.
const DOCS_HEALTH =
  '{"Alarms":null,"ClusterHealth":[{"MemberID":9882886658148554927,"Name":"default","Err":"","Healthy":true}],' +
  '"Header":{"cluster_id":4255616304056076734,"member_id":9882886658148554927,"raft_term":26}}\n';
const VERSION = '{"etcd":{"etcdserver":"3.3.13","etcdcluster":"3.3.0"},"sensu_backend":"5.11.0#dd8f160"}\n';

// 5.11.0 backend/apid/routers/{health,version}.go: json.NewEncoder, no Content-Type set, no auth.
describe('GET /health and /version, the unauthenticated probes', () => {
  it.each([
    ['/sensu/health', DOCS_HEALTH],
    ['/sensu/version', VERSION],
  ])('%s answers 200 with Go-sniffed text/plain, a JSON body and a trailing newline, without a login', async (path, body) => {
    const r = await t.http.get(path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.text).toBe(body);
    expect(r.headers['x-content-type-options']).toBeUndefined();
  });

  it('keeps the uint64 ids exact (they do not fit a JavaScript number)', async () => {
    const r = await t.http.get('/sensu/health');
    expect(r.text).toContain('"MemberID":9882886658148554927,');
    expect(JSON.parse(r.text)).toMatchObject({ Alarms: null, ClusterHealth: [{ Name: 'default', Err: '', Healthy: true }], Header: { raft_term: 26 } });
  });

  it('has lower-case keys in /version (the json tags; the 5.11 docs show Etcd and SensuBackend) and names 5.11.0', async () => {
    const v = JSON.parse((await t.http.get('/sensu/version')).text) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['etcd', 'sensu_backend']);
    expect(v['sensu_backend']).toMatch(/^5\.11\.0#[0-9a-f]{7}$/);
  });

  it.each(['Bearer garbage', 'Basic Zm9vOmJhcg==', 'nonsense'])('ignores an Authorization header (%s)', async (authorization) => {
    expect((await t.http.get('/sensu/health').set('authorization', authorization)).status).toBe(200);
    expect((await t.http.get('/sensu/version').set('authorization', authorization)).text).toBe(VERSION);
  });

  it('answers other methods with mux\'s empty 405, and a bad query escape with LimitRequest\'s 500', async () => {
    for (const path of ['/sensu/health', '/sensu/version']) {
      const post = await t.http.post(path);
      expect([post.status, post.text, post.headers['content-type']]).toEqual([405, '', undefined]);
      expect((await t.http.head(path)).status).toBe(405);
      const bad = await t.http.get(`${path}?x=%zz`);
      expect([bad.status, bad.text, bad.headers['content-type']]).toEqual([500, 'Request exceeded max length\n', 'text/plain; charset=utf-8']);
      expect((await t.http.get(`${path}?verbose=true`)).status).toBe(200);
    }
  });

  it('shows what the state says about the cluster: an unhealthy member and an alarm still answer 200, as in 5.11', async () => {
    const sandbox = 'health-unhealthy';
    const exported = (await t.http.get(`/__admin/state?service=sensu&sandbox=${sandbox}`)).body as { services: { sensu: { shared: Record<string, Record<string, unknown>> } } };
    exported.services.sensu.shared['cluster'] = {
      health: {
        Alarms: [{ memberID: '9882886658148554927', alarm: 1 }],
        ClusterHealth: [
          { MemberID: '9882886658148554927', Name: 'default', Err: '', Healthy: true },
          { MemberID: '10276657743932975437', Name: 'backend-2', Err: 'context deadline exceeded', Healthy: false },
        ],
        Header: { cluster_id: '4255616304056076734', member_id: '9882886658148554927', revision: 0, raft_term: 27 },
      },
    };
    expect((await t.http.put(`/__admin/state?sandbox=${sandbox}`).send(exported)).status).toBe(200);
    const r = await t.http.get('/sensu/health').set('x-standin-sandbox', sandbox);
    expect(r.status).toBe(200);
    expect(r.text).toBe(
      '{"Alarms":[{"memberID":9882886658148554927,"alarm":1}],"ClusterHealth":[' +
        '{"MemberID":9882886658148554927,"Name":"default","Err":"","Healthy":true},' +
        '{"MemberID":10276657743932975437,"Name":"backend-2","Err":"context deadline exceeded","Healthy":false}],' +
        '"Header":{"cluster_id":4255616304056076734,"member_id":9882886658148554927,"raft_term":27}}\n',
    );
    // The default sandbox is untouched.
    expect((await t.http.get('/sensu/health')).text).toBe(DOCS_HEALTH);
  });

  it('answers 5.11\'s empty health when the member list is unavailable (ClusterHealth null in the state)', async () => {
    const sandbox = 'health-unavailable';
    const exported = (await t.http.get(`/__admin/state?service=sensu&sandbox=${sandbox}`)).body as { services: { sensu: { shared: Record<string, Record<string, unknown>> } } };
    exported.services.sensu.shared['cluster'] = { health: { Alarms: null, ClusterHealth: null, Header: null } };
    expect((await t.http.put(`/__admin/state?sandbox=${sandbox}`).send(exported)).status).toBe(200);
    expect((await t.http.get('/sensu/health').set('x-standin-sandbox', sandbox)).text).toBe('{"Alarms":null,"ClusterHealth":null,"Header":null}\n');
  });

  it('refuses a cluster record that is not one, naming it, and changes nothing', async () => {
    const exported = (await t.http.get('/__admin/state?service=sensu')).body as { services: { sensu: { shared: Record<string, Record<string, unknown>> } } };
    exported.services.sensu.shared['cluster'] = { health: { Alarms: null, ClusterHealth: [{ MemberID: 12, Name: 'x', Err: '', Healthy: true }], Header: null } };
    const r = await t.http.put('/__admin/state').send(exported);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('cluster');
    expect((await t.http.get('/sensu/health')).text).toBe(DOCS_HEALTH);
  });

  it('answers the docs\' cluster when the state holds none (started without fixtures)', async () => {
    const empty = await testApp({ fixtures: false });
    try {
      expect((await empty.http.get('/sensu/health')).text).toBe(DOCS_HEALTH);
    } finally {
      await empty.close();
    }
  });
});

describe('Prefer on the probes', () => {
  it('answers the documented examples byte for byte, ids exact and newline kept', async () => {
    expect((await t.http.get('/sensu/health').set('prefer', 'code=200')).text).toBe(DOCS_HEALTH);
    expect((await t.http.get('/sensu/version').set('prefer', 'example=standin')).text).toBe(VERSION);
  });
});
