import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/index.js';
import { PARAMETERS_DOC } from './helpers.js';

let s: Standin;
beforeAll(async () => {
  s = await startStandin({ specs: { params: PARAMETERS_DOC } });
});
afterAll(async () => {
  await s?.close();
});

const post = (cookie?: string) =>
  fetch(`${s.url}/params/anything/all-param-types/1/2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({}),
  });

describe('cookie parameters of a mounted document', () => {
  it('are validated like the others: a cookie that is not the declared type gets a 4xx naming it', async () => {
    const r = await post('cookieString=x; cookieInt=abc');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await r.json())).toContain('cookieInt');
  });

  it('accept cookies of the declared types, and their absence when they are optional', async () => {
    expect((await post('cookieString=x; cookieInt=12')).status).toBe(200);
    expect((await post()).status).toBe(200);
  });
});
