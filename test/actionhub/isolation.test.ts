import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { newProgram } from './helpers.js';

let t: TestApp;
let a: { 'actionhub-key': string; 'program-id': string };
let b: { 'actionhub-key': string; 'program-id': string };
beforeAll(async () => {
  t = await testApp();
  a = await newProgram(t, { program_name: 'Program A' });
  b = await newProgram(t, { program_name: 'Program B' });
  // The same user id in both programs, with different histories.
  const event = (asset_id: string) => ({ user_id: 'shared-user', event_timestamp: '2025-11-01T00:00:00Z', event_type: 'buy', asset_id, labels: ['tag-' + asset_id] });
  await t.http.post('/actionhub/assets').set(a).send({ assets: [{ asset_id: 'only-in-a', asset_name: 'A thing', labels: ['a-label'] }] });
  await t.http.post('/actionhub/events').set(a).send({ events: [event('only-in-a')] });
  await t.http.post('/actionhub/events').set(b).send({ events: [event('only-in-b')] });
  await t.http.put('/actionhub/program/rebase').set(a);
  await t.http.put('/actionhub/program/rebase').set(b);
});
afterAll(async () => {
  await t.close();
});

describe('programs do not see each other', () => {
  it('answers a user\'s actions, labels and events from the asking program only', async () => {
    for (const [own, mine, theirs] of [[a, 'only-in-a', 'only-in-b'], [b, 'only-in-b', 'only-in-a']] as const) {
      for (const path of ['/users/shared-user/actions', '/users/shared-user/labels', '/users/shared-user/events']) {
        const r = await t.http.get(`/actionhub${path}`).set(own);
        expect(r.status, path).toBe(200);
        expect(r.text, path).toContain(mine);
        expect(r.text, path).not.toContain(theirs);
      }
    }
  });

  it('keeps segments, the random user, assets and status per program', async () => {
    const seg = await t.http.get('/actionhub/segment?asset_ids=only-in-a&min_weight=0').set(b);
    expect(seg.text).toBe('');
    expect((await t.http.get('/actionhub/segment?asset_ids=only-in-a&min_weight=0').set(a)).text).toBe('shared-user');
    expect((await t.http.get('/actionhub/segments?segment_basis=assets&min_weight=0').set(b)).text).not.toContain('only-in-a');
    expect((await t.http.get('/actionhub/assets').set(b)).body.total).toBe(0);
    const empty = await newProgram(t, { program_name: 'Empty' });
    expect((await t.http.get('/actionhub/random/user_id').set(empty)).status).toBe(404);
    expect((await t.http.get('/actionhub/program/status').set(empty)).status).toBe(404);
  });

  it('refuses a program\'s key on another program, and never writes there', async () => {
    const before = JSON.stringify((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants[b['program-id']]);
    const crossed = { ...a, 'program-id': b['program-id'] };
    for (const [method, path, body] of [
      ['post', '/events', { events: [{ user_id: 'x', event_timestamp: '2025-01-01T00:00:00Z', event_type: 'buy', asset_id: 'x', labels: [] }] }],
      ['post', '/assets', { assets: [{ asset_id: 'x' }] }],
      ['put', '/labels', { labels: [{ label: 'x', weight: 1 }] }],
      ['put', '/program', { program_id: 'x', program_name: 'x' }],
      ['put', '/program/rebase', undefined],
      ['put', '/users/shared-user/rebase', undefined],
    ] as const) {
      const req = t.http[method](`/actionhub${path}`).set(crossed);
      const r = body ? await req.send(body) : await req;
      expect([r.status, r.body], `${method} ${path}`).toEqual([403, { detail: 'Could not validate API KEY' }]);
    }
    expect(JSON.stringify((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants[b['program-id']])).toBe(before);
  });

  it('lists only its own program to a program key', async () => {
    const r = await t.http.get('/actionhub/programs').set(a);
    expect(r.body).toEqual({ programs: [{ program_id: a['program-id'], program_name: 'Program A', high_engagement_threshold: null, event_relevance_decay: null, action_weight_floor: null, description: null }] });
  });
});
