import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

describe('PUT /actionhub/labels and GET /actionhub/labels', () => {
  it('upserts by label and answers {"result": "<n> labels upserted"}', async () => {
    const r = await ah(t, 'put', '/labels', { program: 'lab' }).send({ labels: [{ label: 'a', weight: 0.5 }, { label: 'b', weight: 2 }] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: '2 labels upserted' });
    await ah(t, 'put', '/labels', { program: 'lab' }).send({ labels: [{ label: 'a', weight: 0.75 }] });
    const g = await ah(t, 'get', '/labels', { program: 'lab' });
    expect(g.body).toEqual({ items: [{ label: 'a', weight: 0.75 }, { label: 'b', weight: 2 }], total: 2, page: 1, size: 50 });
  });

  it('prints weights as Python floats (2 as 2.0)', async () => {
    await ah(t, 'put', '/labels', { program: 'floats' }).send({ labels: [{ label: 'w', weight: 2 }, { label: 'big', weight: 1e16 }, { label: 'tiny', weight: 0.00001 }] });
    const g = await ah(t, 'get', '/labels', { program: 'floats' });
    expect(g.text).toBe('{"items":[{"label":"w","weight":2.0},{"label":"big","weight":1e+16},{"label":"tiny","weight":1e-05}],"total":3,"page":1,"size":50}');
  });

  it('filters by search and keeps programs apart', async () => {
    await ah(t, 'put', '/labels', { program: 'lab-2' }).send({ labels: [{ label: 'Outdoor', weight: 1 }, { label: 'indoor', weight: 1 }, { label: 'shoes', weight: 1 }] });
    const g = await ah(t, 'get', '/labels?search=door', { program: 'lab-2' });
    expect(g.body.items.map((l: { label: string }) => l.label)).toEqual(['Outdoor', 'indoor']);
    expect((await ah(t, 'get', '/labels', { program: 'lab-3' })).body.total).toBe(0);
  });
});
