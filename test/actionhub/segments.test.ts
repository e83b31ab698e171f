import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, smallProgram } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await smallProgram(t, 'seg');
});
afterAll(async () => {
  await t.close();
});

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const third = r4(1 / 3);
// Growth weights of the small program (see recommendations.test.ts): user → asset → weight.
const growth: Record<string, Record<string, number>> = {
  alice: { A: r4(1 + 1 / 2), B: r4(1 + 1 / 3), C: third },
  bob: { A: r4(1 + 1 / 1), B: third, C: r4(1 + 1 / 3) },
  carol: { A: r4(1 / 2), B: 1 },
  dave: { A: 1, B: third, C: third },
};
const mean = (xs: number[]) => r4(xs.reduce((a, b) => a + b, 0) / xs.length);

interface SegmentCount {
  segment_type: string;
  segment_basis: string;
  segment_basis_id: string;
  action_type: string;
  name: string;
  user_count: number;
  strength: number;
  min_weight: number | null;
}
const segments = async (query: string, program = 'seg') => {
  const r = await ah(t, 'get', `/segments${query}`, { program });
  expect(r.status, r.text).toBe(200);
  return r.body as { items: SegmentCount[]; total: number; page: number; size: number };
};
const segment = async (query: string, program = 'seg') => {
  const r = await ah(t, 'get', `/segment${query}`, { program });
  expect(r.status, r.text).toBe(200);
  expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  return r.text;
};

describe('GET /actionhub/segments', () => {
  it('counts users per action type and asset, with the mean member weight, singular basis in the items', async () => {
    const page = await segments('?segment_basis=assets&min_weight=0.3');
    const members = (asset: string) => Object.values(growth).map((u) => u[asset]).filter((w): w is number => w !== undefined && w >= 0.3);
    expect(page).toEqual({
      items: [
        { segment_type: 'growth', segment_basis: 'asset', segment_basis_id: 'A', action_type: 'buy', name: 'Asset A', user_count: 4, strength: mean(members('A')), min_weight: 0.3 },
        { segment_type: 'growth', segment_basis: 'asset', segment_basis_id: 'B', action_type: 'buy', name: 'B', user_count: 4, strength: mean(members('B')), min_weight: 0.3 },
        { segment_type: 'growth', segment_basis: 'asset', segment_basis_id: 'C', action_type: 'buy', name: 'Asset C', user_count: 3, strength: mean(members('C')), min_weight: 0.3 },
      ],
      total: 3,
      page: 1,
      size: 50,
    });
  });

  it('cuts at min_weight (default 0.5): a member weighs at least that', async () => {
    const counts = (await segments('?segment_basis=assets')).items.map((s) => [s.segment_basis_id, s.user_count, s.min_weight]);
    expect(counts).toEqual([['A', 4, 0.5], ['B', 2, 0.5], ['C', 1, 0.5]]);
  });

  it('base counts repeat behaviour (users who took the action); discovery only users who never did', async () => {
    expect((await segments('?segment_basis=assets&segment_type=base&min_weight=0.1')).items.map((s) => [s.segment_type, s.segment_basis_id, s.user_count])).toEqual([
      ['base', 'A', 3],
      ['base', 'B', 2],
      ['base', 'C', 1],
    ]);
    expect((await segments('?segment_basis=assets&segment_type=discovery&min_weight=0.1')).items.map((s) => [s.segment_basis_id, s.user_count, s.strength])).toEqual([
      ['B', 2, mean([third, third])],
      ['C', 2, mean([third, third])],
      ['A', 1, 0.5],
    ]);
  });

  it('by labels (the default basis): label weight = Σ growth of the actions carrying it × the label\'s weight', async () => {
    const page = await segments('?min_weight=0.1');
    const y = Object.values(growth).map((u) => r4(((u['A'] ?? 0) + (u['B'] ?? 0)) * 2));
    const x = Object.values(growth).map((u) => u['A'] ?? 0);
    const promo = [1]; // dave's own event label on A
    const y2024 = Object.values(growth).map((u) => u['C']).filter((w): w is number => w !== undefined);
    expect(page.items.map((s) => [s.segment_basis, s.segment_basis_id, s.name, s.user_count, s.strength])).toEqual([
      ['label', 'y', 'y', 4, mean(y)],
      ['label', 'x', 'x', 4, mean(x)],
      ['label', '2024', '2024', 3, mean(y2024)],
      ['label', 'promo', 'promo', 1, mean(promo)],
    ]);
  });

  it('pages with page and size', async () => {
    const p2 = await segments('?segment_basis=assets&min_weight=0.3&page=2&size=2');
    expect([p2.items.map((s) => s.segment_basis_id), p2.total, p2.page, p2.size]).toEqual([['C'], 3, 2, 2]);
  });

  it('answers pydantic v1 422s: the plural enum, min_weight, force_refresh, page, size', async () => {
    const r = await ah(t, 'get', '/segments?segment_type=new&segment_basis=label&min_weight=high&force_refresh=maybe&page=0&size=101', { program: 'seg' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      detail: [
        { loc: ['query', 'segment_type'], msg: "value is not a valid enumeration member; permitted: 'base', 'discovery', 'growth'", type: 'type_error.enum', ctx: { enum_values: ['base', 'discovery', 'growth'] } },
        { loc: ['query', 'segment_basis'], msg: "value is not a valid enumeration member; permitted: 'assets', 'labels'", type: 'type_error.enum', ctx: { enum_values: ['assets', 'labels'] } },
        { loc: ['query', 'min_weight'], msg: 'value is not a valid float', type: 'type_error.float' },
        { loc: ['query', 'force_refresh'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
        { loc: ['query', 'page'], msg: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge', ctx: { limit_value: 1 } },
        { loc: ['query', 'size'], msg: 'ensure this value is less than or equal to 100', type: 'value_error.number.not_le', ctx: { limit_value: 100 } },
      ],
    });
  });

  it('reads min_weight as Python\'s float(): "inf" lists nothing, "-inf" everyone with a weight, echoed as null', async () => {
    expect((await segments('?segment_basis=assets&min_weight=inf')).total).toBe(0);
    const all = await segments('?segment_basis=assets&min_weight=-Infinity');
    expect(all.items.map((s) => [s.user_count, s.min_weight])).toEqual([[4, null], [4, null], [3, null]]);
    expect((await segments('?segment_basis=assets&min_weight=%201_0%20')).total).toBe(0);
  });

  it('lists nothing for a program without user graphs', async () => {
    expect(await segments('', 'no-graphs')).toEqual({ items: [], total: 0, page: 1, size: 50 });
  });
});

describe('GET /actionhub/segment', () => {
  it('answers the users of an asset segment as text/plain, sorted, one a line, no trailing newline', async () => {
    expect(await segment('?asset_ids=C&min_weight=0.3')).toBe('alice\nbob\ndave');
  });

  it('matches any listed asset (the default) or all of them', async () => {
    expect(await segment('?asset_ids=B,%20C&min_weight=0.5')).toBe('alice\nbob\ncarol');
    expect(await segment('?asset_ids=B,C&min_weight=0.5&match_type=all')).toBe('');
    expect(await segment('?asset_ids=A,B&min_weight=0.5&match_type=all')).toBe('alice\ncarol');
  });

  it('takes labels when no asset_ids are given, and asset_ids win over labels', async () => {
    expect(await segment('?labels=2024&min_weight=0.3')).toBe('alice\nbob\ndave');
    expect(await segment('?labels=2024&asset_ids=A&min_weight=1.5')).toBe('alice\nbob');
  });

  it('filters by action_types, and by segment_type', async () => {
    expect(await segment('?asset_ids=A&action_types=buy&min_weight=0')).toBe('alice\nbob\ncarol\ndave');
    expect(await segment('?asset_ids=A&action_types=view,visit&min_weight=0')).toBe('');
    expect(await segment('?asset_ids=A&segment_type=discovery&min_weight=0')).toBe('carol');
    expect(await segment('?asset_ids=A&segment_type=base&min_weight=0')).toBe('alice\nbob\ndave');
  });

  it('answers an empty body with neither asset_ids nor labels (ASSUMED)', async () => {
    expect(await segment('')).toBe('');
    expect(await segment('?asset_ids=,&labels=%20')).toBe('');
  });

  it('answers one numeric user id as the text it is (a documented text/plain string, checked as one)', async () => {
    await ah(t, 'post', '/events', { program: 'numeric' }).send({ events: [{ user_id: 6001000042, event_timestamp: '2025-01-01T00:00:00Z', event_type: 'buy', asset_id: 42, labels: [] }] });
    expect(await segment('?asset_ids=42', 'numeric')).toBe('6001000042');
  });

  it('answers the query\'s pydantic v1 422s', async () => {
    const r = await ah(t, 'get', '/segment?match_type=some&min_weight=x', { program: 'seg' });
    expect([r.status, r.body.detail.map((d: { loc: string[]; type: string }) => [d.loc[1], d.type])]).toEqual([422, [['match_type', 'type_error.enum'], ['min_weight', 'type_error.float']]]);
  });
});
