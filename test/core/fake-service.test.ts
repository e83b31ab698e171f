import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/services.js';
import { defineService } from '../../src/core/service/module.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { notes } from '../fake/service.js';

/**
 * A service added by one registry line: the fake `notes` service (test/fake/), which nothing in src/
 * knows, registered beside the real four and used over HTTP through every part of core.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ services: [...services, notes] });
});
afterAll(async () => {
  await t.close();
});

const ALPHA = { 'notes-key': 'demo-notes-key' };
const BETA = { 'notes-key': 'other-notes-key' };
const fault = (status: number, reason: string) => ({ fault: { status, reason } });

describe('a fake service registered beside the real four', () => {
  it('is served under its prefix, from its fixtures, with every answer checked against its spec', async () => {
    expect(t.rt.services.map((s) => s.module.name)).toEqual(['actionhub', 'mediapocket', 'sensu', 'webflow', 'notes']);
    expect(t.rt.responseChecker).toBeDefined();
    const list = await t.http.get('/notes/notes').set(ALPHA);
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe('application/json');
    expect(list.body).toEqual({ notes: [expect.objectContaining({ id: 'welcome', title: 'Welcome', tags: ['intro'] })], total: 1 });
    const created = await t.http.post('/notes/notes').set(ALPHA).send({ title: 'Groceries', body: 'milk', tags: ['home'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^n[0-9a-f]{12}$/), title: 'Groceries', body: 'milk', tags: ['home'] });
    expect((await t.http.get(`/notes/notes/${created.body.id}`).set(ALPHA)).body).toEqual(created.body);
    expect((await t.http.get('/notes/notes?tag=home&limit=5').set(ALPHA)).body).toMatchObject({ notes: [{ id: created.body.id }], total: 1 });
    expect((await t.http.delete(`/notes/notes/${created.body.id}`).set(ALPHA)).status).toBe(204);
    expect((await t.http.get(`/notes/notes/${created.body.id}`).set(ALPHA)).body).toEqual(fault(404, 'no such note'));
  });

  it('answers an unknown path 404 and a wrong method 405 with Allow, in its own shape', async () => {
    const missing = await t.http.get('/notes/nope').set(ALPHA);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(fault(404, 'no such route'));
    const wrong = await t.http.put('/notes/notes').set(ALPHA).send({});
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toMatch(/GET/);
    expect(wrong.body).toEqual(fault(405, 'method not allowed'));
  });

  it('runs its key check before the body is read, and sets the tenant from the key', async () => {
    expect((await t.http.get('/notes/notes')).body).toEqual(fault(401, 'missing or unknown notes-key'));
    const badBody = await t.http.post('/notes/notes').set('notes-key', 'wrong').set('content-type', 'application/json').send('{bad');
    expect(badBody.status).toBe(401);
    const withKey = await t.http.post('/notes/notes').set(ALPHA).set('content-type', 'application/json').send('{bad');
    expect(withKey.status).toBe(400);
    expect(withKey.body).toEqual(fault(400, 'body is not JSON'));
    const readOnly = await t.http.post('/notes/notes').set('notes-key', 'readonly-notes-key').send({ title: 'x' });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toEqual(fault(403, 'this notes-key may only read'));
  });

  it('words spec violations through its own mapper, every one listed', async () => {
    const r = await t.http.post('/notes/notes').set(ALPHA).send({ title: '', tags: ['UPPER'], extra: 1 });
    expect(r.status).toBe(422);
    expect(r.body.fault).toMatchObject({ status: 422, reason: 'invalid request' });
    expect(r.body.fault.issues).toEqual(
      expect.arrayContaining([
        { in: 'body', at: 'title', rule: 'minLength' },
        { in: 'body', at: 'tags.0', rule: 'pattern' },
      ]),
    );
    const q = await t.http.get('/notes/notes?limit=0').set(ALPHA);
    expect(q.status).toBe(422);
    expect(q.body.fault.issues).toEqual([{ in: 'query', at: 'limit', rule: 'minimum' }]);
    const none = await t.http.post('/notes/notes').set(ALPHA).set('content-type', 'application/json');
    expect(none.status).toBe(422);
    expect(none.body.fault.issues).toEqual([expect.objectContaining({ in: 'body', rule: 'required' })]);
    expect((await t.http.post('/notes/notes').set(ALPHA).set('content-type', 'text/plain').send('hello')).body).toEqual(fault(415, 'body is not JSON'));
  });

  it('keeps each tenant\'s notes to itself', async () => {
    const mine = (await t.http.post('/notes/notes').set(ALPHA).send({ title: 'alpha only' })).body as { id: string };
    expect((await t.http.get(`/notes/notes/${mine.id}`).set(BETA)).status).toBe(404);
    expect((await t.http.delete(`/notes/notes/${mine.id}`).set(BETA)).status).toBe(404);
    expect((await t.http.get('/notes/notes').set(BETA)).body).toEqual({ notes: [], total: 0 });
    expect((await t.http.get(`/notes/notes/${mine.id}`).set(ALPHA)).status).toBe(200);
  });

  it('answers a HEAD of a GET operation as that GET, without a body', async () => {
    const head = await t.http.head('/notes/notes/welcome').set(ALPHA);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/json');
    expect(head.text ?? '').toBe('');
    expect((await t.http.head('/notes/notes/nope').set(ALPHA)).status).toBe(404);
  });

  it('answers fault rules in its own shape, and journals them under its operation', async () => {
    const rule = await t.http.post('/__admin/faults').send({ service: 'notes', method: 'GET', status: 503, times: 1 });
    expect(rule.status).toBe(201);
    const r = await t.http.get('/notes/notes').set(ALPHA);
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('{"fault":{"status":503,"reason":"service unavailable"}}');
    await t.http.post('/__admin/faults').send({ service: 'notes', rateLimit: true, retryAfterSeconds: 3, times: 1 });
    const limited = await t.http.get('/notes/notes').set(ALPHA);
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '3']);
    expect(limited.body).toEqual(fault(429, 'too many requests'));
    const [entry] = (await t.http.get('/__admin/requests?service=notes&status=503&limit=1')).body.requests;
    expect(entry).toMatchObject({ service: 'notes', method: 'GET', status: 503, operationId: 'list_notes', fault: rule.body.id });
  });

  it('journals each request with the operation it was routed to', async () => {
    await t.http.post('/notes/notes').set(ALPHA).send({ title: 'journaled' });
    const [entry] = (await t.http.get('/__admin/requests?service=notes&method=POST&limit=1')).body.requests;
    expect(entry).toMatchObject({ service: 'notes', method: 'POST', path: '/notes', status: 201, operationId: 'create_note', matched: true });
  });

  it('answers Prefer from its spec\'s examples, and its own body for an undocumented error', async () => {
    const ex = await t.http.get('/notes/notes').set(ALPHA).set('prefer', 'code=422');
    expect(ex.status).toBe(422);
    expect(ex.body).toEqual({ fault: { status: 422, reason: 'invalid request', issues: [{ in: 'body', at: 'title', rule: 'required' }] } });
    const named = await t.http.post('/notes/notes').set(ALPHA).set('prefer', 'example=read-only').send({ title: 'x' });
    expect(named.status).toBe(403);
    const own = await t.http.get('/notes/notes/welcome').set(ALPHA).set('prefer', 'code=503');
    expect(own.status).toBe(503);
    expect(own.body).toEqual(fault(503, 'service unavailable'));
  });

  it('keeps a sandbox\'s notes apart, by header or by URL, each starting from its fixtures', async () => {
    const made = (await t.http.post('/__sandbox/fake-box/notes/notes').set(ALPHA).send({ title: 'boxed' })).body as { id: string };
    const boxed = await t.http.get('/notes/notes').set(ALPHA).set('X-Standin-Sandbox', 'fake-box');
    expect(boxed.body.notes.map((n: { id: string }) => n.id)).toEqual(['welcome', made.id]);
    expect((await t.http.get(`/notes/notes/${made.id}`).set(ALPHA)).status).toBe(404);
    const state = (await t.http.get('/__admin/state?sandbox=fake-box&service=notes')).body;
    expect(Object.keys(state.services.notes.tenants.alpha.notes)).toEqual(['welcome', made.id]);
    expect((await t.http.delete('/__admin/sandboxes/fake-box')).status).toBe(200);
  });

  it('is listed by GET /__admin/services with its demo credentials, and its spec is served', async () => {
    const listed = (await t.http.get('/__admin/services')).body.services as { name: string; title: string; baseUrls: string[]; demoCredentials: unknown[] }[];
    expect(listed.map((s) => s.name)).toEqual(['actionhub', 'mediapocket', 'sensu', 'webflow', 'notes']);
    const mine = listed.find((s) => s.name === 'notes')!;
    expect(mine.title).toBe('Notes (test only)');
    expect(mine.baseUrls[0]).toMatch(/\/notes$/);
    expect(mine.demoCredentials).toContainEqual(expect.objectContaining({ kind: 'header notes-key', value: 'demo-notes-key' }));
    const spec = await t.http.get('/__admin/specs/notes');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(['/notes', '/notes/{note_id}']);
  });

  it('is exported by GET /__admin/state, imports back, and resets to its fixtures', async () => {
    const exported = (await t.http.get('/__admin/state?service=notes')).body;
    expect(exported.services.notes.shared.keys['demo-notes-key']).toEqual({ tenant: 'alpha' });
    expect(exported.services.notes.tenants.alpha.notes.welcome).toMatchObject({ title: 'Welcome' });
    expect((await t.http.put('/__admin/state').send({ services: exported.services })).status).toBe(200);
    expect((await t.http.get('/__admin/state?service=notes')).body).toEqual(exported);
    // Its state schemas hold: a note without a title is refused whole.
    const bad = { notes: { ...exported.services.notes, tenants: { alpha: { notes: { x: { id: 'x' } } } } } };
    expect((await t.http.put('/__admin/state').send({ services: bad })).status).toBe(400);
    expect((await t.http.post('/__admin/reset?service=notes')).status).toBe(200);
    expect(Object.keys((await t.http.get('/__admin/state?service=notes')).body.services.notes.tenants.alpha.notes)).toEqual(['welcome']);
  });

  it('turns a handler answer its spec does not document into a loud 500', async () => {
    const offSpec = defineService({ ...notes, operations: { ...notes.operations, list_notes: () => ({ status: 200, json: { notes: 'not a list' } }) } });
    const o = await testApp({ services: [...services, offSpec] });
    try {
      const r = await o.http.get('/notes/notes').set(ALPHA);
      expect(r.status).toBe(500);
      expect(r.body.standin_error).toBe('response does not match the spec');
    } finally {
      await o.close();
    }
  });
});
