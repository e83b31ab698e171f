import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const lastEntry = async (sandbox = 'default') => (await t.http.get(`/__admin/requests?limit=1&sandbox=${sandbox}`)).body.requests[0] as { headers: Record<string, string>; path: string; status: number };

// The framework's reading lives in the exchange: the request a client sent is what the journal shows.
describe('the request as sent stays as sent', () => {
  it('keeps a body\'s Content-Type although the service validates it as its JSON model', async () => {
    const r = await t.http.post('/actionhub/assets').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p', 'content-type': 'text/plain' }).send('{"assets":[]}');
    expect(r.status).toBe(422);
    expect((await lastEntry()).headers['content-type']).toBe('text/plain');
  });

  it('does not add X-Standin-Sandbox to a request whose URL names the sandbox', async () => {
    const r = await t.http.get('/__sandbox/by-url/actionhub/assets').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p' });
    expect(r.status).toBe(200);
    const entry = await lastEntry('by-url');
    expect(entry.path).toBe('/assets');
    expect(entry.headers['x-standin-sandbox']).toBeUndefined();
  });

  it('answers a HEAD of a GET operation as the GET, without a body', async () => {
    // Rails serves HEAD as GET (ActionHub's FastAPI does not: test/actionhub/routing.test.ts).
    const headers = { 'x-api-key': 'demo-mediapocket-key' };
    const get = await t.http.get('/mediapocket/api/v2/assets/HeroImageForCampaign').set(headers);
    const head = await t.http.head('/mediapocket/api/v2/assets/HeroImageForCampaign').set(headers);
    expect([head.status, head.headers['content-length'], head.text]).toEqual([200, get.headers['content-length'], undefined]);
    expect((await lastEntry()).headers['x-standin-sandbox']).toBeUndefined();
  });
});
