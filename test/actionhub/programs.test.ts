import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, KEY, newProgram } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ seed: 3 });
});
afterAll(async () => {
  await t.close();
});

const missing = (...loc: (string | number)[]) => ({ loc, msg: 'field required', type: 'value_error.missing' });

describe('POST /actionhub/programs', () => {
  it('makes a program with the body\'s program_id and a key valid for it alone', async () => {
    const r = await ah(t, 'post', '/programs', { program: null }).send({ program_id: 'shop-a', program_name: 'Shop A', high_engagement_threshold: 3, event_relevance_decay: 365, action_weight_floor: 0, description: 'A' });
    expect(r.status).toBe(200);
    expect(r.body.program_id).toBe('shop-a');
    const own = { 'actionhub-key': r.body.api_key as string, 'program-id': 'shop-a' };
    const program = await t.http.get('/actionhub/program').set(own);
    expect(program.text).toBe('{"program_id":"shop-a","program_name":"Shop A","high_engagement_threshold":3,"event_relevance_decay":365,"action_weight_floor":0.0,"description":"A"}');
    expect((await t.http.get('/actionhub/assets').set({ ...own, 'program-id': 'demo-program' })).status).toBe(403);
  });

  it('slugs program_name with six random hex digits when no program_id is given', async () => {
    const a = await ah(t, 'post', '/programs', { program: null }).send({ program_name: 'Ünïcode & Co. — Store #1' });
    expect(a.body.program_id).toMatch(/^n-code-co-store-1-[0-9a-f]{6}$/);
    const b = await ah(t, 'post', '/programs', { program: null }).send({ program_name: '!!!' });
    expect(b.body.program_id).toMatch(/^program-[0-9a-f]{6}$/);
  });

  it('answers 401 {"detail":"Program already exists"} for a configured program, and changes nothing', async () => {
    await ah(t, 'post', '/programs', { program: null }).send({ program_id: 'shop-b', program_name: 'B' });
    const keysBefore = (await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.shared.keys;
    const r = await ah(t, 'post', '/programs', { program: null }).send({ program_id: 'shop-b', program_name: 'B again' });
    expect([r.status, r.body]).toEqual([401, { detail: 'Program already exists' }]);
    expect((await ah(t, 'get', '/program', { program: 'shop-b' })).body.program_name).toBe('B');
    expect((await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.shared.keys).toEqual(keysBefore);
  });

  it('coerces as pydantic v1 does: "3" and 3.9 and true are ints, "0.5" a float; fields left out are null', async () => {
    const r = await ah(t, 'post', '/programs', { program: null }).send({ program_id: 'coerced', program_name: 12, high_engagement_threshold: '3', event_relevance_decay: 3.9, action_weight_floor: '0.5' });
    expect(r.status).toBe(200);
    const p = await ah(t, 'get', '/program', { program: 'coerced' });
    expect(p.text).toBe('{"program_id":"coerced","program_name":"12","high_engagement_threshold":3,"event_relevance_decay":3,"action_weight_floor":0.5,"description":null}');
    const flags = await ah(t, 'post', '/programs', { program: null }).send({ program_id: 'bool', program_name: 'b', high_engagement_threshold: true });
    expect(flags.status).toBe(200);
    expect((await ah(t, 'get', '/program', { program: 'bool' })).body.high_engagement_threshold).toBe(1);
  });

  it('answers pydantic v1 422s for its body', async () => {
    const cases: [unknown, unknown[]][] = [
      [{ description: 'x' }, [missing('body', 'program_name')]],
      [{ program_name: 'x', high_engagement_threshold: '3.5' }, [{ loc: ['body', 'high_engagement_threshold'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
      [{ program_name: 'x', action_weight_floor: 'low' }, [{ loc: ['body', 'action_weight_floor'], msg: 'value is not a valid float', type: 'type_error.float' }]],
      [{ program_name: null, event_relevance_decay: [1] }, [{ loc: ['body', 'program_name'], msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }, { loc: ['body', 'event_relevance_decay'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
    ];
    for (const [body, detail] of cases) {
      const r = await ah(t, 'post', '/programs', { program: null }).send(body as object);
      expect([r.status, r.body], JSON.stringify(body)).toEqual([422, { detail }]);
    }
  });
});

describe('GET /actionhub/programs, GET and PUT /actionhub/program', () => {
  it('lists every configured program for the admin key (not a program-id that only holds assets)', async () => {
    await ah(t, 'post', '/assets', { program: 'assets-only' }).send({ assets: [{ asset_id: 'a' }] });
    const r = await t.http.get('/actionhub/programs').set('actionhub-key', KEY);
    const ids = r.body.programs.map((p: { program_id: string }) => p.program_id);
    expect(ids).toContain('demo-program');
    expect(ids).toContain('shop-a');
    expect(ids).not.toContain('assets-only');
  });

  it('answers 404 {"detail":"Program not found"} for a program never configured', async () => {
    const r = await ah(t, 'get', '/program', { program: 'assets-only' });
    expect([r.status, r.body]).toEqual([404, { detail: 'Program not found' }]);
  });

  it('PUT /program replaces the configuration (and makes it); the program-id header wins over the body', async () => {
    const own = await newProgram(t, { program_name: 'Put test', description: 'kept?' });
    const r = await t.http.put('/actionhub/program').set(own).send({ program_id: 'someone-else', program_name: 'Renamed', action_weight_floor: 2 });
    expect([r.status, r.body]).toEqual([200, { result: 'program updated' }]);
    const p = await t.http.get('/actionhub/program').set(own);
    expect(p.body).toEqual({ program_id: own['program-id'], program_name: 'Renamed', high_engagement_threshold: null, event_relevance_decay: null, action_weight_floor: 2, description: null });
    expect((await ah(t, 'get', '/program', { program: 'someone-else' })).status).toBe(404);
    const made = await ah(t, 'put', '/program', { program: 'made-by-put' }).send({ program_id: 'made-by-put', program_name: 'M' });
    expect(made.status).toBe(200);
    expect((await ah(t, 'get', '/program', { program: 'made-by-put' })).body.program_name).toBe('M');
  });

  it('PUT /program needs program_id and program_name (pydantic v1 422)', async () => {
    const r = await ah(t, 'put', '/program', { program: 'x' }).send({});
    expect([r.status, r.body]).toEqual([422, { detail: [missing('body', 'program_id'), missing('body', 'program_name')] }]);
  });

  it('keeps a NaN floor, which Python\'s JSON takes, as null', async () => {
    const r = await ah(t, 'put', '/program', { program: 'nan' }).set('content-type', 'application/json').send('{"program_id":"nan","program_name":"n","action_weight_floor":NaN}');
    expect(r.status).toBe(200);
    expect((await ah(t, 'get', '/program', { program: 'nan' })).body.action_weight_floor).toBeNull();
  });
});
