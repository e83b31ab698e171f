import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { LOGO, OTHER_SITE, SITE, err, errText, missingScope, wf } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// Webflow's one error shape (https://developers.webflow.com/data/reference); the order of checks is ASSUMED (token, rate limit, scope, site).
describe('tokens, scopes and sites', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'nope'],
  ])('answers 401 not_authorized for %s', async (_name, token) => {
    const r = await wf(t, 'get', `/sites/${SITE}/assets`, token);
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    // Byte for byte: no token and a wrong one answer identical bytes, `message` first (client-journeys.md §1.4).
    expect(r.text).toBe('{"message":"Request not authorized","code":"not_authorized","externalReference":null,"details":[]}');
  });

  it('answers 403 missing_scopes to a read-only token that writes, before anything else', async () => {
    for (const r of [
      await wf(t, 'post', `/sites/${SITE}/assets`, 'demo-readonly-token').send({}),
      await wf(t, 'patch', `/assets/${LOGO}`, 'demo-readonly-token').send({ displayName: 'x' }),
      await wf(t, 'delete', `/assets/${LOGO}`, 'demo-readonly-token'),
      await wf(t, 'post', `/sites/${OTHER_SITE}/asset_folders`, 'demo-readonly-token').send({ displayName: 'x' }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.text).toBe(JSON.stringify(missingScope('assets:write')));
    }
    expect((await wf(t, 'get', `/assets/${LOGO}`, 'demo-readonly-token')).status).toBe(200);
  });

  it('answers 403 forbidden for a site the token cannot reach, 404 for one that does not exist, 400 for a malformed id', async () => {
    const other = await wf(t, 'get', `/sites/${OTHER_SITE}/assets`);
    expect(other.status).toBe(403);
    expect(other.text).toBe(errText('forbidden', 'User is not authorized to perform this action'));
    const none = await wf(t, 'get', '/sites/000000000000000000000000/assets');
    expect(none.status).toBe(404);
    expect(none.text).toBe(errText('resource_not_found', 'Requested resource not found: The site cannot be found'));
    const bad = await wf(t, 'get', '/sites/not-an-id/assets');
    expect(bad.status).toBe(400);
    expect(bad.text).toBe(errText('validation_error', 'Validation Error: Provided ID is invalid'));
  });

  it('hides another site\'s assets and folders from a token without that site', async () => {
    expect((await wf(t, 'get', `/assets/${LOGO}`, 'other-site-token')).status).toBe(404);
    expect((await wf(t, 'get', '/asset_folders/6436b1ce5281cace05b65aea', 'other-site-token')).status).toBe(404);
    expect((await wf(t, 'delete', `/assets/${LOGO}`, 'other-site-token')).status).toBe(404);
    expect((await wf(t, 'get', `/assets/${LOGO}`)).status).toBe(200);
  });

  it('answers an unknown route with 404 resource_not_found', async () => {
    const r = await wf(t, 'get', `/sites/${SITE}/no_such_thing`);
    expect(r.status).toBe(404);
    expect(r.text).toBe(errText('resource_not_found', 'Requested resource not found'));
  });

  it('writes every error body `message` first, field errors and the 429 included', async () => {
    const field = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileHash: 'x' });
    expect(field.status).toBe(400);
    expect(field.text).toBe('{"message":"Validation Error","code":"validation_error","externalReference":null,"details":[{"param":"fileName","description":"Field is required"}]}');
    const malformed = await wf(t, 'post', `/sites/${SITE}/assets`).set('content-type', 'application/json').send('{"fileName":');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toBe(errText('bad_request', 'Bad Request: Request is malformed'));
    const limited = await wf(t, 'get', `/sites/${SITE}/assets`).set('prefer', 'code=429');
    expect(limited.status).toBe(429);
    expect(limited.text).toBe(errText('too_many_requests', 'Too many requests'));
  });
});
