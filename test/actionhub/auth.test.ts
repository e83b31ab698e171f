import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, postJson } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const forbidden = { detail: 'Could not validate API KEY' };

// research §B1, §C5: APIKeyHeader(auto_error=False) + a dependency raising HTTPException(403).
describe('the actionhub-key header', () => {
  it.each([
    ['POST', '/assets'],
    ['PUT', '/labels'],
    ['GET', '/assets'],
    ['GET', '/labels'],
  ])('is required on %s %s: 403 without it', async (method, path) => {
    const r = await ah(t, method.toLowerCase() as 'get', path, { key: null }).send(method === 'GET' ? undefined : { assets: [], labels: [] });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual(forbidden);
  });

  it('answers 403 for an unknown key', async () => {
    const r = await ah(t, 'get', '/assets', { key: 'not-a-key' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual(forbidden);
  });

  it('answers 403, not 422, for a bad key and a missing program-id and a bad body', async () => {
    const r = await postJson(t, '/assets', '{"assets": 5}', { key: 'nope', program: null });
    expect(r.status).toBe(403);
    expect(r.body).toEqual(forbidden);
  });

  it('answers 422 value_error.jsondecode, not 403, when the body is not JSON', async () => {
    const r = await postJson(t, '/assets', '{bad', { key: null });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe('value_error.jsondecode');
  });

  it('is matched case-insensitively as an HTTP header', async () => {
    const r = await t.http.get('/actionhub/assets').set('ActionHub-Key', 'demo-actionhub-key').set('Program-Id', 'x');
    expect(r.status).toBe(200);
  });

  it('does not let a GET body (which FastAPI never reads) change the answer', async () => {
    const r = await ah(t, 'get', '/assets').set('content-type', 'application/json').send('{bad');
    expect(r.status).toBe(200);
  });
});
