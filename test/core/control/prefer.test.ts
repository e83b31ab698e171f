import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// Prism's convention: the Prefer header picks a documented answer.
describe('Prefer: code= and example=', () => {
  it('code=422 answers the documented 422 example', async () => {
    const r = await t.http.post('/actionhub/assets').set('prefer', 'code=422').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'p').send({ assets: [] });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail: [{ loc: ['header', 'program-id'], msg: 'field required', type: 'value_error.missing' }] });
    const [entry] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(entry.prefer).toBe('code=422');
  });

  it('example=NAME answers that example with its status', async () => {
    const r = await t.http.post('/mediapocket/api/v2/assets').set('prefer', 'example=media-type').set('X-API-KEY', 'demo-mediapocket-key').send({});
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: 'Invalid parameter \'media_type\' value "image": Must be one of: <code>article</code>.' });
  });

  it('an error status the operation does not document answers the service\'s own body for it', async () => {
    const r = await t.http.get('/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets').set('prefer', 'code=503');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ code: 'internal_error', message: 'An Internal Error occurred', externalReference: null, details: [] });
  });

  it('leaves a success documented with a body but no example to the handler, and answers a bodyless one empty', async () => {
    const site = '580e63e98c9a982ac9b8b741';
    const list = await t.http.get(`/webflow/v2/sites/${site}/assets`).set('prefer', 'code=200').set('authorization', 'Bearer demo-token');
    expect(list.status).toBe(200);
    expect(list.body.assets.length).toBeGreaterThan(0);
    const [entry] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(entry.prefer).toBeUndefined();
    const { assets } = list.body as { assets: { id: string }[] };
    const del = await t.http.delete(`/webflow/v2/assets/${assets[0]!.id}`).set('prefer', 'code=204').set('authorization', 'Bearer demo-token');
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await t.http.get('/__admin/requests?limit=1')).body.requests[0].prefer).toBe('code=204');
  });

  it('code=429 comes with the service\'s rate-limit headers, documented or not', async () => {
    const wf = await t.http.get('/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets').set('prefer', 'code=429').set('authorization', 'Bearer demo-token');
    expect(wf.status).toBe(429);
    expect(wf.body).toEqual({ code: 'too_many_requests', message: 'Too many requests', externalReference: null, details: [] });
    expect(wf.headers['retry-after']).toBe('1');
    expect(wf.headers['x-ratelimit-remaining']).toBeDefined();
    const ah = await t.http.get('/actionhub/labels').set('prefer', 'code=429').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program');
    expect(ah.status).toBe(429);
    expect(ah.body).toEqual({ detail: 'Too Many Requests' });
    expect(ah.headers['retry-after']).toBe('1');
  });

  it('is ignored for an undocumented success, and without the header nothing changes', async () => {
    const r = await t.http.get('/actionhub/labels').set('prefer', 'code=204').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'demo-program');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(4);
  });
});
