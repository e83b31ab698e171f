import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, freezeClock, newProgram, smallProgram } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const status = (program: string) => ah(t, 'get', '/program/status', { program });
const statusLog = async (program: string) =>
  Object.values((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants[program].status as Record<string, { status_id: string; ts_logged: string }>);

describe('PUT /actionhub/program/rebase and GET /actionhub/program/status', () => {
  it('answers 404 {"detail":"Program status not found"} before the first rebase', async () => {
    const r = await status('never-rebased');
    expect([r.status, r.body]).toEqual([404, { detail: 'Program status not found' }]);
  });

  it('reaches program_user_graph_complete under a frozen clock, at the first poll, through the four steps', async () => {
    await freezeClock(t, '2026-03-01T10:00:00Z');
    const own = await newProgram(t, { program_name: 'frozen' });
    await t.http.post('/actionhub/events').set(own).send({ events: [{ user_id: 'u', event_timestamp: '2026-02-01T00:00:00Z', event_type: 'buy', asset_id: 'a', labels: [] }] });
    const rebase = await t.http.put('/actionhub/program/rebase').set({ ...own, 'content-type': 'application/json' });
    expect([rebase.status, rebase.body]).toEqual([200, { result: 'rebase started' }]);
    const r = await t.http.get('/actionhub/program/status').set(own);
    expect(r.text).toBe(`{"program_id":"${own['program-id']}","status_id":"program_user_graph_complete","message":"User graphs regenerated for 1 users","ts_logged":"2026-03-01T10:00:00+00:00"}`);
    expect((await statusLog(own['program-id'])).map((s) => s.status_id)).toEqual(['program_base_graph_started', 'program_base_graph_complete', 'program_user_graph_started', 'program_user_graph_complete']);
  });

  it('logs with the running clock too, and again at every rebase', async () => {
    await t.http.delete('/__admin/clock');
    await smallProgram(t, 'running');
    const before = Date.now();
    await ah(t, 'put', '/program/rebase', { program: 'running' });
    const r = await status('running');
    expect(r.body.status_id).toBe('program_user_graph_complete');
    expect(Date.parse(r.body.ts_logged)).toBeGreaterThanOrEqual(before - 1);
    expect(r.body.ts_logged).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(await statusLog('running')).toHaveLength(8);
  });

  it('rebuilds the base graph with the configuration of the moment and every user with events', async () => {
    await smallProgram(t, 'rebuilt');
    await ah(t, 'post', '/events?process_user_actions=false', { program: 'rebuilt' }).send({ events: [{ user_id: 'late', event_timestamp: '2025-12-01T00:00:00Z', event_type: 'buy', asset_id: 'A', labels: [] }] });
    expect((await ah(t, 'get', '/users/late/actions', { program: 'rebuilt' })).status).toBe(404);
    await ah(t, 'put', '/program/rebase', { program: 'rebuilt' });
    // late is now a fourth taker of A: dave's B and C come from 1/4 of A's takers each.
    const late = await ah(t, 'get', '/users/late/actions', { program: 'rebuilt' });
    expect(late.body.actions.map((a: { asset_id: string; growth_weight: number }) => [a.asset_id, a.growth_weight])).toEqual([['A', 1], ['B', 0.25], ['C', 0.25]]);
  });
});

describe('PUT /actionhub/program/reset', () => {
  it('drops the graphs (actions and labels 404 again), keeps program, assets, labels and events; a rebase restores the same answers', async () => {
    await freezeClock(t, '2026-03-01T10:00:00Z');
    await smallProgram(t, 'reset-me');
    const actions = await ah(t, 'get', '/users/alice/actions', { program: 'reset-me' });
    const r = await ah(t, 'put', '/program/reset', { program: 'reset-me' });
    expect([r.status, r.body]).toEqual([200, { result: 'program reset' }]);
    expect((await status('reset-me')).body).toEqual({ program_id: 'reset-me', status_id: 'program_reset_complete', message: 'Processing data sets cleared; rebase the program to rebuild them', ts_logged: '2026-03-01T10:00:00+00:00' });
    expect((await ah(t, 'get', '/users/alice/actions', { program: 'reset-me' })).status).toBe(404);
    expect((await ah(t, 'get', '/users/alice/labels', { program: 'reset-me' })).status).toBe(404);
    expect((await ah(t, 'get', '/segments?min_weight=0', { program: 'reset-me' })).body.total).toBe(0);
    expect((await ah(t, 'get', '/users/alice/events', { program: 'reset-me' })).body.history).toHaveLength(2);
    expect((await ah(t, 'get', '/assets', { program: 'reset-me' })).body.total).toBe(3);
    expect((await ah(t, 'get', '/labels', { program: 'reset-me' })).body.total).toBe(1);
    expect((await ah(t, 'get', '/program', { program: 'reset-me' })).status).toBe(200);
    await ah(t, 'put', '/program/rebase', { program: 'reset-me' });
    expect((await ah(t, 'get', '/users/alice/actions', { program: 'reset-me' })).text).toBe(actions.text);
  });
});
