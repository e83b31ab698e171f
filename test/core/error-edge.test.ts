import { describe, expect, it } from 'vitest';
import { defineService, type WireResponse } from '../../src/core/service/module.js';
import { mapProblem, notes } from '../fake/service.js';
import { testApp } from '../helpers/app.js';

// pipeline/error-edge.ts: every error a service answers goes through its own mapper; a mapper that
// throws costs the request the service's own 500, logged; only a mapper that cannot even word that
// leaves the answer to Standin's own shape.
describe('the error edge', () => {
  it('answers a mapper that throws with the service\'s own 500', async () => {
    const flaky = defineService({
      ...notes,
      mapProblem: (problem: { kind: string }): WireResponse => {
        if (problem.kind === 'route_not_found') throw new Error('mapper bug');
        return mapProblem(problem as Parameters<typeof mapProblem>[0]);
      },
    });
    const t = await testApp({ services: [flaky] });
    try {
      const r = await t.http.get('/notes/no/such/route');
      expect(r.status).toBe(500);
      expect(r.body).toEqual(mapProblem({ kind: 'internal' }).json);
    } finally {
      await t.close();
    }
  });

  it('falls back to Standin\'s own shape only when the mapper cannot word its 500 either', async () => {
    const broken = defineService({ ...notes, mapProblem: (): WireResponse => { throw new Error('mapper bug'); } });
    const t = await testApp({ services: [broken] });
    try {
      const r = await t.http.get('/notes/no/such/route');
      expect(r.status).toBe(500);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    } finally {
      await t.close();
    }
  });

  it('answers outside every service, and a bad sandbox name, in Standin\'s own shape', async () => {
    const t = await testApp({ services: [notes] });
    try {
      const outside = await t.http.get('/nowhere');
      expect(outside.status).toBe(404);
      expect(outside.body.error.code).toBe('not_found');
      const sandbox = await t.http.get('/notes/notes').set('x-standin-sandbox', 'no spaces allowed');
      expect(sandbox.status).toBe(400);
      expect(sandbox.body.error.code).toBe('bad_sandbox');
    } finally {
      await t.close();
    }
  });
});
