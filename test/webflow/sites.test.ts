import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { OTHER_SITE, SITE, errText, missingScope, wf } from './helpers.js';

let t: TestApp;
let seeded: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  t = await testApp();
  seeded = (JSON.parse(await readFile(new URL('../../fixtures/webflow/sites.json', import.meta.url), 'utf8')) as { shared: { sites: typeof seeded } }).shared.sites;
});
afterAll(async () => {
  await t.close();
});

// The reference's Site schema order (client-journeys.md §1.3); lastPublished only for a published site.
const SITE_KEYS = ['id', 'workspaceId', 'createdOn', 'displayName', 'shortName', 'lastPublished', 'lastUpdated', 'previewUrl', 'timeZone', 'parentFolderId', 'customDomains', 'locales', 'dataCollectionEnabled', 'dataCollectionType'];
const LOCALE_KEYS = ['id', 'cmsLocaleId', 'enabled', 'displayName', 'displayImageId', 'redirect', 'subdirectory', 'tag'];

describe('GET /webflow/v2/sites', () => {
  it('lists the sites the token reaches, with every field in the reference\'s order', async () => {
    const r = await wf(t, 'get', '/sites');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-ratelimit-limit']).toBe('120');
    expect(Object.keys(r.body)).toEqual(['sites']);
    expect(r.body.sites).toEqual([seeded[SITE]]);
    const [site] = r.body.sites;
    expect(Object.keys(site)).toEqual(SITE_KEYS);
    expect(Object.keys(site.locales.primary)).toEqual(LOCALE_KEYS);
    expect(site.locales.secondary.map((l: { tag: string }) => l.tag)).toEqual(['fr-FR', 'de-DE']);
    expect(site.customDomains.map((d: { url: string }) => d.url)).toEqual(['www.standin-demo.example', 'standin-demo.example']);
  });

  it('shows another token only its own site (never published: no lastPublished)', async () => {
    const r = await wf(t, 'get', '/sites', 'other-site-token');
    expect(r.status).toBe(200);
    expect(r.body.sites.map((s: { id: string }) => s.id)).toEqual([OTHER_SITE]);
    expect(r.body.sites[0]).not.toHaveProperty('lastPublished');
    expect(r.body.sites[0]).toMatchObject({ parentFolderId: expect.stringMatching(/^[0-9a-f]{24}$/), customDomains: [], locales: { secondary: [] }, dataCollectionType: 'disabled' });
  });

  it.each([
    ['no token', null],
    ['an unknown token', 'nope'],
  ])('answers 401 not_authorized to %s, byte for byte', async (_name, token) => {
    const r = await wf(t, 'get', '/sites', token);
    expect(r.status).toBe(401);
    expect(r.text).toBe('{"message":"Request not authorized","code":"not_authorized","externalReference":null,"details":[]}');
  });

  it('answers 403 missing_scopes naming \'sites:read\' to a token without it, with the rate-limit headers', async () => {
    const r = await wf(t, 'get', '/sites', 'demo-readonly-token');
    expect(r.status).toBe(403);
    expect(r.text).toBe(`{"message":"OAuthForbidden: You are missing the following scopes - 'sites:read'","code":"missing_scopes","externalReference":null,"details":[]}`);
    expect(r.headers['x-ratelimit-remaining']).toBeDefined();
  });

  it('lists a site added to the token\'s sites, in the token\'s order, and skips an id that names no site', async () => {
    const snap = (await t.http.get('/__admin/state?service=webflow&sandbox=sites-order')).body;
    snap.services.webflow.shared.tokens['two-sites'] = { scopes: ['sites:read'], site_ids: [OTHER_SITE, '000000000000000000000000', SITE] };
    expect((await t.http.put('/__admin/state?sandbox=sites-order').send(snap)).status).toBe(200);
    const r = await wf(t, 'get', '/sites', 'two-sites').set('x-standin-sandbox', 'sites-order');
    expect(r.status).toBe(200);
    expect(r.body.sites.map((s: { id: string }) => s.id)).toEqual([OTHER_SITE, SITE]);
    await t.http.delete('/__admin/sandboxes/sites-order');
  });
});

describe('GET /webflow/v2/sites/{site_id}', () => {
  it('answers the site with its locales and custom domains', async () => {
    const r = await wf(t, 'get', `/sites/${SITE}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(seeded[SITE]);
    expect(Object.keys(r.body)).toEqual(SITE_KEYS);
    expect(r.body.locales.primary).toMatchObject({ tag: 'en-US', subdirectory: '', enabled: true, id: expect.stringMatching(/^[0-9a-f]{24}$/), cmsLocaleId: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('answers 404 with the reference\'s site message for an id no site has', async () => {
    const r = await wf(t, 'get', '/sites/000000000000000000000000');
    expect(r.status).toBe(404);
    expect(r.text).toBe(errText('resource_not_found', 'Requested resource not found: The site cannot be found'));
  });

  it('answers 403 forbidden for a site the token cannot reach, and 400 for a malformed id', async () => {
    const other = await wf(t, 'get', `/sites/${OTHER_SITE}`);
    expect(other.status).toBe(403);
    expect(other.text).toBe(errText('forbidden', 'User is not authorized to perform this action'));
    const bad = await wf(t, 'get', '/sites/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.text).toBe(errText('validation_error', 'Validation Error: Provided ID is invalid'));
  });

  it('checks the token, then the scope, before the site', async () => {
    expect((await wf(t, 'get', '/sites/000000000000000000000000', null)).status).toBe(401);
    const scope = await wf(t, 'get', '/sites/000000000000000000000000', 'demo-readonly-token');
    expect(scope.status).toBe(403);
    expect(scope.text).toBe(JSON.stringify(missingScope('sites:read')));
  });
});
