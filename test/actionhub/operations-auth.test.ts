import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { fillPath } from '../helpers/kit.js';
import { KEY, newProgram } from './helpers.js';
import type { SpecOperation } from '../../src/core/boot/spec.js';

let t: TestApp;
let own: { 'actionhub-key': string; 'program-id': string };
let ops: SpecOperation[];
beforeAll(async () => {
  t = await testApp();
  own = await newProgram(t, { program_name: 'auth test' });
  ops = t.rt.services.find((s) => s.module.name === 'actionhub')!.spec.operations;
});
afterAll(async () => {
  await t.close();
});

const forbidden = { detail: 'Could not validate API KEY' };
const ADMIN_ONLY = new Set(['create_program', 'reset_models']);

/** One request to an operation, with a body that is valid where it takes one. */
function send(op: SpecOperation, headers: Record<string, string>) {
  const bodies: Record<string, unknown> = {
    post_events: { events: [] },
    post_assets: { assets: [] },
    put_labels: { labels: [] },
    create_program: { program_name: 'x' },
    put_program: { program_id: 'x', program_name: 'x' },
  };
  const r = t.http[op.method as 'get'](`/actionhub${fillPath(op.path, { user_id: '7001' })}`).set(headers);
  return op.operationId in bodies ? r.send(bodies[op.operationId] as object) : r;
}

describe('the actionhub-key on every one of the 19 operations', () => {
  it('covers the whole published API', () => {
    expect(ops.map((o) => o.operationId).sort()).toEqual(
      ['create_program', 'get_all_programs', 'get_assets', 'get_labels', 'get_program', 'get_program_status', 'get_random_user', 'get_segment', 'get_segments', 'get_user_actions', 'get_user_events_log', 'get_user_labels', 'post_assets', 'post_events', 'put_labels', 'put_program', 'rebase_models', 'rebase_user', 'reset_models'],
    );
  });

  it('answers 403 without a key, and with an unknown one, before any 422 for the missing program-id', async () => {
    for (const op of ops) {
      for (const headers of [{}, { 'actionhub-key': 'not-a-key' }] as Record<string, string>[]) {
        const r = await send(op, headers);
        expect([r.status, r.body], `${op.method} ${op.path}`).toEqual([403, forbidden]);
      }
    }
  });

  it('answers 403 to a program\'s own key used for another program', async () => {
    for (const op of ops) {
      const r = await send(op, { ...own, 'program-id': 'demo-program' });
      expect([r.status, r.body], `${op.method} ${op.path}`).toEqual([403, forbidden]);
    }
  });

  it('refuses a program\'s own key on the System Administration operations, and only there', async () => {
    for (const op of ops) {
      const r = await send(op, own);
      if (ADMIN_ONLY.has(op.operationId)) expect([r.status, r.body], op.operationId).toEqual([403, forbidden]);
      else expect(r.status, `${op.operationId}: ${r.text}`).not.toBe(403);
    }
  });

  it('lets the demo (admin) key work on any program, the system operations included', async () => {
    for (const op of ops) {
      const r = await send(op, { 'actionhub-key': KEY, 'program-id': `any-${op.operationId}` });
      expect(r.status, `${op.operationId}: ${r.text}`).not.toBe(403);
    }
  });

  it('needs program-id (a 422) on every operation but GET and POST /programs', async () => {
    for (const op of ops) {
      const r = await send(op, { 'actionhub-key': KEY });
      if (op.path === '/programs') expect(r.status, op.operationId).toBe(200);
      else expect([r.status, r.body.detail[0]], op.operationId).toEqual([422, { loc: ['header', 'program-id'], msg: 'field required', type: 'value_error.missing' }]);
    }
  });

  it('reads a program key without program-id on GET /programs: its own program only', async () => {
    const r = await t.http.get('/actionhub/programs').set('actionhub-key', own['actionhub-key']);
    expect(r.status).toBe(200);
    expect(r.body.programs.map((p: { program_id: string }) => p.program_id)).toEqual([own['program-id']]);
  });
});
