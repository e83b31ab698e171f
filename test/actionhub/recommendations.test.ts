import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, freezeClock, smallProgram } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await freezeClock(t, '2026-01-11T00:00:00Z');
  await smallProgram(t, 'small');
});
afterAll(async () => {
  await t.close();
});

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const actions = async (user: string, query = '', program = 'small') => {
  const r = await ah(t, 'get', `/users/${user}/actions${query}`, { program });
  expect(r.status, r.text).toBe(200);
  return (r.body as { actions: { event_type: string; asset_id: string; asset_name: string; growth_weight: number; base_weight: number }[] }).actions;
};

// The worked example of model.ts: takers A=3 (alice, bob, dave), B=2 (alice, carol), C=1 (bob);
// together(A,B)=1 (alice), together(A,C)=1 (bob).
describe('GET /actionhub/users/{user_id}/actions: the model\'s weights, worked out by hand', () => {
  it('dave (took A): A at its base weight, then B and C from what A\'s other takers did (1 × 1/3 each)', async () => {
    const r = await ah(t, 'get', '/users/dave/actions', { program: 'small' });
    expect(r.text).toBe(
      '{"actions":[' +
        '{"event_type":"buy","asset_id":"A","asset_name":"Asset A","growth_weight":1.0,"base_weight":1.0},' +
        '{"event_type":"buy","asset_id":"B","asset_name":"B","growth_weight":0.3333,"base_weight":0.0},' +
        '{"event_type":"buy","asset_id":"C","asset_name":"Asset C","growth_weight":0.3333,"base_weight":0.0}]}',
    );
  });

  it('alice (took A and B): growth(A) = 1 + 1 × together(B,A)/takers(B); growth(B) = 1 + 1 × together(A,B)/takers(A)', async () => {
    expect(await actions('alice')).toEqual([
      { event_type: 'buy', asset_id: 'A', asset_name: 'Asset A', growth_weight: r4(1 + 1 / 2), base_weight: 1 },
      { event_type: 'buy', asset_id: 'B', asset_name: 'B', growth_weight: r4(1 + 1 / 3), base_weight: 1 },
      { event_type: 'buy', asset_id: 'C', asset_name: 'Asset C', growth_weight: r4(1 / 3), base_weight: 0 },
    ]);
  });

  it('limit is a Python slice (0: none; -1: all but the last); allow_repeats=false keeps base weight 0 only', async () => {
    expect((await actions('dave', '?limit=1')).map((a) => a.asset_id)).toEqual(['A']);
    expect(await actions('dave', '?limit=0')).toEqual([]);
    expect((await actions('dave', '?limit=-1')).map((a) => a.asset_id)).toEqual(['A', 'B']);
    expect((await actions('dave', '?limit=-5')).map((a) => a.asset_id)).toEqual([]);
    expect((await actions('dave', '?allow_repeats=false')).map((a) => a.asset_id)).toEqual(['B', 'C']);
    expect((await actions('dave', '?allow_repeats=0&limit=1')).map((a) => a.asset_id)).toEqual(['B']);
  });

  it('answers limit=21 and limit=abc with pydantic v1 422s', async () => {
    const high = await ah(t, 'get', '/users/dave/actions?limit=21', { program: 'small' });
    expect([high.status, high.body]).toEqual([422, { detail: [{ loc: ['query', 'limit'], msg: 'ensure this value is less than or equal to 20', type: 'value_error.number.not_le', ctx: { limit_value: 20 } }] }]);
    const word = await ah(t, 'get', '/users/dave/actions?limit=abc&allow_repeats=maybe', { program: 'small' });
    expect(word.body).toEqual({
      detail: [
        { loc: ['query', 'limit'], msg: 'value is not a valid integer', type: 'type_error.integer' },
        { loc: ['query', 'allow_repeats'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
      ],
    });
  });

  it('answers 404 {"detail":"User history not found"} before the user has a graph', async () => {
    await ah(t, 'post', '/events?process_user_actions=false', { program: 'small' }).send({ events: [{ user_id: 'erin', event_timestamp: '2026-01-01T00:00:00Z', event_type: 'buy', asset_id: 'A', labels: [] }] });
    const r = await ah(t, 'get', '/users/erin/actions', { program: 'small' });
    expect([r.status, r.body]).toEqual([404, { detail: 'User history not found' }]);
    const labels = await ah(t, 'get', '/users/erin/labels', { program: 'small' });
    expect([labels.status, labels.body]).toEqual([404, { detail: 'User not found' }]);
  });

  it('PUT /users/{user_id}/rebase makes that graph at once; 404 "User not found" for a user without events', async () => {
    const r = await ah(t, 'put', '/users/erin/rebase', { program: 'small' });
    expect([r.status, r.body]).toEqual([200, { result: 'user erin rebased' }]);
    // erin took A, like dave, after the base graph was built: the same recommendations.
    expect(await actions('erin')).toEqual(await actions('dave'));
    const none = await ah(t, 'put', '/users/nobody/rebase', { program: 'small' });
    expect([none.status, none.body]).toEqual([404, { detail: 'User not found' }]);
  });

  it('keeps answers between updates: events logged after the graph change nothing until it is made again', async () => {
    const before = await actions('dave');
    await ah(t, 'post', '/events?process_user_actions=false', { program: 'small' }).send({ events: [{ user_id: 'dave', event_timestamp: '2026-01-01T00:00:00Z', event_type: 'buy', asset_id: 'C', labels: [] }] });
    expect(await actions('dave')).toEqual(before);
    await ah(t, 'put', '/users/dave/rebase', { program: 'small' });
    const after = await actions('dave');
    expect(after.find((a) => a.asset_id === 'C')!.base_weight).toBe(1);
  });
});

describe('the configuration: decay, floor, engagement threshold', () => {
  it('halves an event\'s weight every event_relevance_decay days, from when the graph was made', async () => {
    await ah(t, 'put', '/program', { program: 'decay' }).send({ program_id: 'decay', program_name: 'decay', event_relevance_decay: 10 });
    const at = (ts: string) => ({ user_id: 'd', event_timestamp: ts, event_type: 'buy', asset_id: 'A', labels: [] });
    // 10 and 20 days before the frozen 2026-01-11, and one in the future (weighs 1: ages are never negative).
    await ah(t, 'post', '/events', { program: 'decay' }).send({ events: [at('2026-01-01T00:00:00Z'), at('2025-12-22T00:00:00Z')] });
    expect((await actions('d', '', 'decay'))[0]!.base_weight).toBe(0.75);
    await ah(t, 'post', '/events', { program: 'decay' }).send({ events: [at('2026-03-01T00:00:00Z')] });
    expect((await actions('d', '', 'decay'))[0]!.base_weight).toBe(1.75);
  });

  it('drops actions under action_weight_floor, once a rebase publishes it', async () => {
    await smallProgram(t, 'floored', { action_weight_floor: 0.5 });
    expect((await actions('dave', '', 'floored')).map((a) => a.asset_id)).toEqual(['A']);
    await ah(t, 'put', '/program', { program: 'floored' }).send({ program_id: 'floored', program_name: 'f', action_weight_floor: 0 });
    expect((await actions('dave', '', 'floored')).map((a) => a.asset_id)).toEqual(['A']);
    await ah(t, 'put', '/program/rebase', { program: 'floored' });
    expect((await actions('dave', '', 'floored')).map((a) => a.asset_id)).toEqual(['A', 'B', 'C']);
  });

  it('counts only highly engaged users in the base graph (high_engagement_threshold distinct actions)', async () => {
    // Only alice and bob took 2 actions: takers(A)=2, together(A,B)=1, together(A,C)=1 → dave gets 1/2 each.
    await smallProgram(t, 'engaged', { high_engagement_threshold: 2 });
    expect((await actions('dave', '', 'engaged')).map((a) => [a.asset_id, a.growth_weight])).toEqual([['A', 1], ['B', 0.5], ['C', 0.5]]);
    // Nobody has 9: everyone counts.
    await smallProgram(t, 'nobody-engaged', { high_engagement_threshold: 9 });
    expect((await actions('dave', '', 'nobody-engaged')).map((a) => [a.asset_id, a.growth_weight])).toEqual([['A', 1], ['B', 0.3333], ['C', 0.3333]]);
  });
});

describe('GET /actionhub/users/{user_id}/labels', () => {
  it('sums growth weights by label (asset\'s and event\'s, trimmed), times PUT /labels weights, highest first, in order on the wire', async () => {
    const r = await ah(t, 'get', '/users/dave/labels', { program: 'engaged' });
    // y: (A 1 + B 0.5) × 2; promo (dave's own event label ' promo '): A 1; x: A 1; 2024: C 0.5.
    expect(r.text).toBe('{"labels":{"y":3.0,"promo":1.0,"x":1.0,"2024":0.5}}');
  });

  it('follows label weights set after the graph', async () => {
    await ah(t, 'put', '/labels', { program: 'engaged' }).send({ labels: [{ label: 'x', weight: 10 }] });
    // (Read as text: a JS object would move the key "2024" first.)
    expect((await ah(t, 'get', '/users/dave/labels', { program: 'engaged' })).text).toBe('{"labels":{"x":10.0,"y":3.0,"promo":1.0,"2024":0.5}}');
  });
});
