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

// Starlette's routing as FastAPI 0.92 runs it: 404, 405 with `allow`, and redirect_slashes.
describe('routing under /actionhub', () => {
  it('answers an unknown path with FastAPI\'s 404, before the key is checked', async () => {
    const r = await t.http.get('/actionhub/programs/nope');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({ detail: 'Not Found' });
  });

  it.each([
    ['delete', '/assets', 'GET, HEAD'],
    ['patch', '/labels', 'GET, HEAD'],
  ])('answers %s %s with 405 and an allow header', async (method, path, allow) => {
    const r = await t.http[method as 'delete'](`/actionhub${path}`);
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ detail: 'Method Not Allowed' });
    expect(r.headers['allow']).toBe(allow);
  });

  it('redirects a trailing slash with 307 to the routed path, keeping the query', async () => {
    const r = await t.http.post('/actionhub/assets/?x=1').redirects(0);
    expect(r.status).toBe(307);
    expect(r.headers['location']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/actionhub\/assets\?x=1$/);
    expect(r.text).toBe('');
  });

  it('answers HEAD like GET, without a body', async () => {
    const r = await ah(t, 'head', '/assets');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text ?? '').toBe('');
  });

  it('sends no X-Powered-By or ETag that FastAPI would not send', async () => {
    const r = await ah(t, 'get', '/assets');
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['etag']).toBeUndefined();
  });

  it('answers outside every prefix with a JSON 404, and prefixes are case-sensitive', async () => {
    for (const path of ['/nope', '/ActionHub/assets', '/']) {
      const r = await t.http.get(path);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.body.error.code).toBe('not_found');
    }
  });
});
