import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { KEY, listen } from './helpers.js';

/**
 * The public Python app (Lifecycle-Science/actionhub-shopify-python, `app/programs.py`) replayed call for
 * call. It was written for the older RE2 API: its `access_token` header, its `PUT /events` and its bare
 * list of events without labels get 0.0.2's answers, which is what Standin must show such a client. With
 * the header renamed to `actionhub-key`, its program calls work end to end.
 */

let t: TestApp;
let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  t = await testApp();
  server = await listen(t);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

/** requests.request(method, url, data=json.dumps(body), headers=headers): JSON text, no charset. */
async function requests(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const r = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status_code: r.status, text: await r.text(), headers: r.headers };
}

describe('the Python app, replayed against Standin', () => {
  const shopName = 'py-shop.myshopify.com';
  const adminHeaders = { 'actionhub-key': KEY, 'program-id': 'demo-program', 'Content-Type': 'application/json' };
  let programId = '';
  let re2ApiKey = '';
  const apiHeaders = () => ({ 'actionhub-key': re2ApiKey, 'program-id': programId, 'Content-Type': 'application/json' });

  it('is refused with 0.0.2\'s 403 while it sends its RE2 header access_token', async () => {
    const r = await requests('GET', '/program', { access_token: KEY, 'program-id': 'demo-program', 'Content-Type': 'application/json' });
    expect([r.status_code, JSON.parse(r.text)]).toEqual([403, { detail: 'Could not validate API KEY' }]);
  });

  it('add(): POST /programs {program_name, description} with the admin headers', async () => {
    const r = await requests('POST', '/programs', adminHeaders, { program_name: shopName, description: shopName });
    expect(r.status_code).toBe(200);
    const program = JSON.parse(r.text) as { program_id: string; api_key: string };
    programId = program.program_id;
    re2ApiKey = program.api_key;
    expect(programId).toMatch(/^py-shop-myshopify-com-[0-9a-f]{6}$/);
  });

  it('add() again with a known program_id: 401, which it reads as Re2ProgramAlreadyExists', async () => {
    const r = await requests('POST', '/programs', adminHeaders, { program_id: programId, program_name: shopName, description: shopName });
    expect([r.status_code, JSON.parse(r.text)]).toEqual([401, { detail: 'Program already exists' }]);
  });

  it('load(): GET /program answers every field it reads, null where never set', async () => {
    const r = await requests('GET', '/program', apiHeaders());
    expect(r.status_code).toBe(200);
    const program = JSON.parse(r.text) as Record<string, unknown>;
    for (const field of ['high_engagement_threshold', 'event_relevance_decay', 'action_weight_floor', 'program_name', 'description']) expect(program).toHaveProperty(field);
    expect(program).toEqual({ program_id: programId, program_name: shopName, high_engagement_threshold: null, event_relevance_decay: null, action_weight_floor: null, description: shopName });
  });

  it('load() of an unknown program: 404, which it reads as Re2ProgramNotFound', async () => {
    const r = await requests('GET', '/program', { ...adminHeaders, 'program-id': 'never-made' });
    expect([r.status_code, JSON.parse(r.text)]).toEqual([404, { detail: 'Program not found' }]);
  });

  it('save(): PUT /program with what load() read (nulls included), then load() sees it', async () => {
    const body = { program_id: programId, program_name: shopName, high_engagement_threshold: 2, event_relevance_decay: null, action_weight_floor: 0.25 };
    const r = await requests('PUT', '/program', apiHeaders(), body);
    expect([r.status_code, JSON.parse(r.text)]).toEqual([200, { result: 'program updated' }]);
    const again = await requests('GET', '/program', apiHeaders());
    // PUT replaces the configuration: description, left out, is null now (ASSUMED).
    expect(again.text).toBe(`{"program_id":"${programId}","program_name":"${shopName}","high_engagement_threshold":2,"event_relevance_decay":null,"action_weight_floor":0.25,"description":null}`);
  });

  it('add_events(): PUT /events is a wrong method in 0.0.2 (405, allow: POST)', async () => {
    const events = [{ user_id: 1, event_timestamp: '2025-10-01T10:00:00Z', event_type: 'buy', asset_id: 2 }];
    const r = await requests('PUT', '/events', apiHeaders(), events);
    expect([r.status_code, r.headers.get('allow'), JSON.parse(r.text)]).toEqual([405, 'POST', { detail: 'Method Not Allowed' }]);
  });

  it('its bare list of events, POSTed, is not the EventList model: 422 "value is not a valid dict"', async () => {
    const events = [{ user_id: 1, event_timestamp: '2025-10-01T10:00:00Z', event_type: 'buy', asset_id: 2 }];
    const r = await requests('POST', '/events', apiHeaders(), events);
    expect([r.status_code, JSON.parse(r.text)]).toEqual([422, { detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] }]);
  });

  it('wrapped as {"events": [...]}, events without labels: 422 field required for each', async () => {
    const events = [{ user_id: 1, event_timestamp: '2025-10-01T10:00:00Z', event_type: 'buy', asset_id: 2 }, { user_id: 1, event_timestamp: '2025-10-02T10:00:00Z', event_type: 'buy', asset_id: 3 }];
    const r = await requests('POST', '/events', apiHeaders(), { events });
    expect(r.status_code).toBe(422);
    expect(JSON.parse(r.text)).toEqual({
      detail: [0, 1].map((i) => ({ loc: ['body', 'events', i, 'labels'], msg: 'field required', type: 'value_error.missing' })),
    });
  });
});
