import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, freezeClock, postJson } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ seed: 11 });
  await freezeClock(t, '2026-02-01T00:00:00Z');
});
afterAll(async () => {
  await t.close();
});

const event = (over: Record<string, unknown> = {}) => ({ user_id: 'u1', event_timestamp: '2026-01-01T00:00:00Z', event_type: 'buy', asset_id: 'a1', labels: [], ...over });
const post = (program: string, events: unknown[], query = '') => ah(t, 'post', `/events${query}`, { program }).send({ events });

describe('POST /actionhub/events', () => {
  it('logs the events and answers {"result": "<n> events logged"}', async () => {
    const r = await post('ev', [event(), event({ event_type: 'view' })]);
    expect([r.status, r.body]).toEqual([200, { result: '2 events logged' }]);
    const stored = (await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants['ev'].events;
    expect(stored).toEqual({
      1: { user_id: 'u1', event_timestamp: '2026-01-01T00:00:00+00:00', event_type: 'buy', asset_id: 'a1', labels: [] },
      2: { user_id: 'u1', event_timestamp: '2026-01-01T00:00:00+00:00', event_type: 'view', asset_id: 'a1', labels: [] },
    });
  });

  it('reads event_timestamp as pydantic v1 reads a datetime, and keeps it in UTC', async () => {
    const cases: [unknown, string][] = [
      ['2024-03-01T09:30:00-05:00', '2024-03-01T14:30:00+00:00'],
      ['2024-03-01 09:30', '2024-03-01T09:30:00+00:00'],
      ['2024-3-1T9:30:05.5+0130', '2024-03-01T08:00:05.500000+00:00'],
      ['2024-03-01T09:30:00.1234567Z', '2024-03-01T09:30:00.123456+00:00'],
      [1700000000, '2023-11-14T22:13:20+00:00'],
      [1700000000123, '2023-11-14T22:13:20.123000+00:00'],
      ['1700000000.5', '2023-11-14T22:13:20.500000+00:00'],
      [true, '1970-01-01T00:00:01+00:00'],
    ];
    for (const [sent, kept] of cases) {
      const r = await post('times', [event({ user_id: 'times', event_timestamp: sent })]);
      expect(r.status, JSON.stringify(sent)).toBe(200);
      const history = (await ah(t, 'get', '/users/times/events', { program: 'times' })).body.history as { timestamp: string }[];
      expect(history.map((h) => h.timestamp), JSON.stringify(sent)).toContain(kept);
    }
  });

  it('answers pydantic v1 422s for events', async () => {
    const at = (i: number, field: string, msg: string, type: string) => ({ loc: ['body', 'events', i, field], msg, type });
    const r = await post('bad', [
      { user_id: 'only' },
      event({ event_timestamp: 'yesterday' }),
      event({ event_timestamp: '2024-02-30T00:00:00' }),
      event({ event_timestamp: '2024-01-01t00:00:00z' }),
      event({ event_timestamp: { at: 1 } }),
      event({ event_timestamp: null, labels: 'x' }),
    ]);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      detail: [
        at(0, 'event_timestamp', 'field required', 'value_error.missing'),
        at(0, 'event_type', 'field required', 'value_error.missing'),
        at(0, 'asset_id', 'field required', 'value_error.missing'),
        at(0, 'labels', 'field required', 'value_error.missing'),
        at(1, 'event_timestamp', 'invalid datetime format', 'value_error.datetime'),
        at(2, 'event_timestamp', 'invalid datetime format', 'value_error.datetime'),
        at(3, 'event_timestamp', 'invalid datetime format', 'value_error.datetime'),
        at(4, 'event_timestamp', 'invalid type; expected datetime, string, bytes, int or float', 'type_error'),
        at(5, 'event_timestamp', 'none is not an allowed value', 'type_error.none.not_allowed'),
        at(5, 'labels', 'value is not a valid list', 'type_error.list'),
      ],
    });
    expect((await ah(t, 'get', '/users/only/events', { program: 'bad' })).status).toBe(404);
  });

  it('answers NaN (which Python\'s JSON takes) as pydantic does: a ValueError', async () => {
    const r = await postJson(t, '/events', '{"events":[{"user_id":"n","event_timestamp":NaN,"event_type":"t","asset_id":"a","labels":[]}]}', { program: 'nan' });
    expect([r.status, r.body]).toEqual([422, { detail: [{ loc: ['body', 'events', 0, 'event_timestamp'], msg: 'cannot convert float NaN to integer', type: 'value_error' }] }]);
  });

  it('answers the query booleans\' 422 with the body\'s, query first', async () => {
    const r = await post('q', [{}], '?queue_updates=maybe&process_user_actions=2');
    expect(r.body.detail.slice(0, 2)).toEqual([
      { loc: ['query', 'queue_updates'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
      { loc: ['query', 'process_user_actions'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
    ]);
  });

  it('takes pydantic\'s words for booleans: process_user_actions=OFF only stores, =Yes regenerates the graph', async () => {
    expect((await post('words', [event({ user_id: 'w' })], '?process_user_actions=OFF&queue_updates=on')).status).toBe(200);
    expect((await ah(t, 'get', '/users/w/actions', { program: 'words' })).status).toBe(404);
    expect((await post('words', [event({ user_id: 'w', event_type: 'view' })], '?process_user_actions=Yes')).status).toBe(200);
    expect((await ah(t, 'get', '/users/w/actions', { program: 'words' })).status).toBe(200);
  });

  it('regenerates the users\' graphs by default (process_user_actions=true), queue_updates or not', async () => {
    expect((await post('default', [event({ user_id: 'd1' })])).status).toBe(200);
    expect((await post('default', [event({ user_id: 'd2' })], '?queue_updates=true')).status).toBe(200);
    for (const user of ['d1', 'd2']) expect((await ah(t, 'get', `/users/${user}/actions`, { program: 'default' })).status).toBe(200);
  });

  it('takes any number of events, an empty list included, and keeps repeats', async () => {
    expect((await post('many', [])).body).toEqual({ result: '0 events logged' });
    const same = Array.from({ length: 1500 }, () => event({ user_id: 'rep' }));
    expect((await post('many', same, '?process_user_actions=false')).body).toEqual({ result: '1500 events logged' });
    expect((await ah(t, 'get', '/users/rep/events', { program: 'many' })).body.history).toHaveLength(1500);
  });
});

describe('GET /actionhub/users/{user_id}/events', () => {
  it('answers the history newest first, with the asset\'s name and labels (its id and [] when unregistered)', async () => {
    await ah(t, 'post', '/assets', { program: 'hist' }).send({ assets: [{ asset_id: 'sku', asset_name: 'Shoe', labels: ['running'] }, { asset_id: 'nameless' }] });
    await post('hist', [
      event({ user_id: 'h', event_timestamp: '2025-05-01T00:00:00Z', asset_id: 'sku', labels: [' sale', ''] }),
      event({ user_id: 'h', event_timestamp: '2025-06-01T00:00:00Z', event_type: 'visit', asset_id: 'https://shop.example/' }),
      event({ user_id: 'h', event_timestamp: '2025-04-01T00:00:00Z', asset_id: 'nameless' }),
      event({ user_id: 'other', asset_id: 'sku' }),
    ]);
    const r = await ah(t, 'get', '/users/h/events', { program: 'hist' });
    expect(r.body).toEqual({
      history: [
        { timestamp: '2025-06-01T00:00:00+00:00', event_type: 'visit', asset_id: 'https://shop.example/', asset_name: 'https://shop.example/', event_labels: [], asset_labels: [] },
        { timestamp: '2025-05-01T00:00:00+00:00', event_type: 'buy', asset_id: 'sku', asset_name: 'Shoe', event_labels: [' sale', ''], asset_labels: ['running'] },
        { timestamp: '2025-04-01T00:00:00+00:00', event_type: 'buy', asset_id: 'nameless', asset_name: 'nameless', event_labels: [], asset_labels: [] },
      ],
    });
  });

  it('answers 404 {"detail":"User not found"} for a user without events, and for the same user in another program', async () => {
    for (const [user, program] of [['nobody', 'hist'], ['h', 'elsewhere']]) {
      const r = await ah(t, 'get', `/users/${user}/events`, { program });
      expect([r.status, r.body]).toEqual([404, { detail: 'User not found' }]);
    }
  });

  it('finds user ids with spaces and slashes, percent-encoded in the path', async () => {
    await post('odd', [event({ user_id: 'a b/c' })]);
    expect((await ah(t, 'get', `/users/${encodeURIComponent('a b/c')}/events`, { program: 'odd' })).body.history).toHaveLength(1);
  });
});

describe('GET /actionhub/random/user_id', () => {
  it('answers a bare JSON string, one of the program\'s users', async () => {
    await post('rand', ['r1', 'r2', 'r3'].map((user_id) => event({ user_id })));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await ah(t, 'get', '/random/user_id', { program: 'rand' });
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.text).toMatch(/^"r[123]"$/);
      seen.add(JSON.parse(r.text) as string);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('answers 404 {"detail":"User not found"} when the program has no events', async () => {
    const r = await ah(t, 'get', '/random/user_id', { program: 'empty' });
    expect([r.status, r.body]).toEqual([404, { detail: 'User not found' }]);
  });
});
