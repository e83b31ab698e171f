import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
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

// The key as FastAPI checks it: APIKeyHeader(auto_error=False) (the published openapi.json's scheme) and a dependency raising HTTPException(403).
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

  it('reads the first of repeated actionhub-key and program-id headers, as Starlette does', async () => {
    const server = createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    // Raw header pairs: two header lines each (Node would otherwise join them with ", ").
    const get = (headers: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/actionhub/assets', headers: ['host', `127.0.0.1:${port}`, ...headers] }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const ok = await get(['actionhub-key', 'demo-actionhub-key', 'actionhub-key', 'not-a-key', 'program-id', 'demo-program', 'program-id', 'other']);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body).total).toBe(9);
      const bad = await get(['actionhub-key', 'not-a-key', 'actionhub-key', 'demo-actionhub-key', 'program-id', 'demo-program']);
      expect(bad.status).toBe(403);
      expect(JSON.parse(bad.body)).toEqual(forbidden);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
