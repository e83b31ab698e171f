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

  // Starlette answers from the first route of the path; FastAPI's APIRoute keeps only its declared methods.
  it.each([
    ['delete', '/assets', 'GET'],
    ['patch', '/labels', 'GET'],
    ['delete', '/program', 'GET'],
    ['get', '/events', 'POST'],
    ['post', '/program/status', 'GET'],
    ['get', '/program/rebase', 'PUT'],
    ['post', '/users/7001/actions', 'GET'],
    ['get', '/users/7001/rebase', 'PUT'],
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

  // fastapi#1773: APIRoute does not add HEAD to a GET route, unlike Starlette's own Route.
  it.each(['/assets', '/labels', '/program', '/programs', '/program/status', '/segments', '/segment', '/random/user_id', '/users/7001/actions'])(
    'answers HEAD %s with 405 {"detail":"Method Not Allowed"}, allow naming only the real method',
    async (path) => {
      const r = await ah(t, 'head', path, { program: 'demo-program' });
      expect(r.status).toBe(405);
      expect(r.headers['allow']).toBe('GET');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['content-length']).toBe(String('{"detail":"Method Not Allowed"}'.length));
      expect(r.text ?? '').toBe('');
    },
  );

  it('answers HEAD before the key is checked, as routing comes first', async () => {
    const r = await ah(t, 'head', '/assets', { key: null, program: null });
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe('GET');
  });

  it('answers the body of a 405 to a HEAD as a GET client would see it', async () => {
    // HEAD strips the body on the wire; the same path with another wrong method shows it.
    const r = await ah(t, 'delete', '/segments');
    expect([r.status, r.headers['allow'], r.text]).toEqual([405, 'GET', '{"detail":"Method Not Allowed"}']);
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
