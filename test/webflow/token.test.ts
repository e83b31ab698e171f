import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { OTHER_SITE, SITE, errText, missingScope, wf } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const NOW = '2026-05-04T10:20:30.405Z';
const DEMO_USER = { id: '5f3c1a9be2d4c80012a4b6d1', email: 'demo@example.com', firstName: 'Demo', lastName: 'User' };

/** Adds tokens to a sandbox's Webflow state (as `PUT /__admin/state` imports them), for kinds the fixtures lack. */
async function withTokens(sandbox: string, tokens: Record<string, unknown>): Promise<void> {
  const snap = (await t.http.get(`/__admin/state?service=webflow&sandbox=${sandbox}`)).body;
  Object.assign(snap.services.webflow.shared.tokens, tokens);
  const r = await t.http.put(`/__admin/state?sandbox=${sandbox}`).send(snap);
  expect(r.status, r.text).toBe(200);
}

describe('GET /webflow/v2/token/introspect', () => {
  it('describes a site token: its authorization, scopes (comma-separated), rate limit and what it reaches; no application', async () => {
    t.rt.clock.set(Date.parse(NOW));
    const r = await wf(t, 'get', '/token/introspect');
    t.rt.clock.reset();
    expect(r.status).toBe(200);
    expect(r.text).toBe(JSON.stringify({
      authorization: {
        id: '65a4f0c2e4b0a1d2c3e4f501', createdOn: '2026-01-15T09:00:00.000Z', lastUsed: NOW, grantType: 'client_credentials', rateLimit: 120,
        scope: 'assets:read,assets:write,sites:read,authorized_user:read',
        authorizedTo: { siteIds: [SITE], workspaceIds: [], userIds: [DEMO_USER.id] },
      },
    }));
  });

  it('needs no scope: a read-only token introspects too, and a token\'s own rate limit is the one reported', async () => {
    const ro = await wf(t, 'get', '/token/introspect', 'demo-readonly-token');
    expect(ro.status).toBe(200);
    expect(ro.body.authorization.scope).toBe('assets:read');
    expect((await wf(t, 'get', '/token/introspect', 'starter-plan-token')).body.authorization.rateLimit).toBe(60);
    expect((await wf(t, 'get', '/token/introspect', 'other-site-token')).body.authorization.authorizedTo.siteIds).toEqual([OTHER_SITE]);
  });

  it('reports --webflow-rate-limit for a token without a limit of its own', async () => {
    const limited = await testApp({ options: { 'webflow-rate-limit': '300' } });
    try {
      expect((await wf(limited, 'get', '/token/introspect')).body.authorization.rateLimit).toBe(300);
    } finally {
      await limited.close();
    }
  });

  it('adds the application for an OAuth app\'s token, after the authorization', async () => {
    const application = { id: '55131cd036c09f7d07883dfc', description: 'My Amazing App', homepage: 'https://webflow.com', displayName: 'My Amazing App' };
    await withTokens('oauth', {
      'oauth-app-token': { scopes: ['assets:read', 'sites:read'], site_ids: [SITE], authorization_id: '55818d58616600637b9a5786', created_on: '2016-10-03T23:12:00.755Z', grant_type: 'authorization_code', user_id: DEMO_USER.id, workspace_ids: ['52f3b1f7eafac55d0c64ef91'], application },
    });
    const r = await wf(t, 'get', '/token/introspect', 'oauth-app-token').set('x-standin-sandbox', 'oauth');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['authorization', 'application']);
    expect(r.body.application).toEqual(application);
    expect(r.body.authorization).toMatchObject({ grantType: 'authorization_code', scope: 'assets:read,sites:read', authorizedTo: { workspaceIds: ['52f3b1f7eafac55d0c64ef91'] } });
    await t.http.delete('/__admin/sandboxes/oauth');
  });

  it.each([
    ['no token', null],
    ['an unknown token', 'nope'],
  ])('answers 401 not_authorized to %s', async (_name, token) => {
    const r = await wf(t, 'get', '/token/introspect', token);
    expect(r.status).toBe(401);
    expect(r.text).toBe(errText('not_authorized', 'Request not authorized'));
  });
});

describe('GET /webflow/v2/token/authorized_by', () => {
  it('answers the user who authorized the token', async () => {
    const r = await wf(t, 'get', '/token/authorized_by');
    expect(r.status).toBe(200);
    expect(r.text).toBe(JSON.stringify(DEMO_USER));
    const other = await wf(t, 'get', '/token/authorized_by', 'other-site-token');
    expect(other.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email: 'owner@another-customer.example' });
    expect(other.body.id).not.toBe(DEMO_USER.id);
  });

  it('answers 403 missing_scopes naming \'authorized_user:read\' to a token without it', async () => {
    const r = await wf(t, 'get', '/token/authorized_by', 'demo-readonly-token');
    expect(r.status).toBe(403);
    expect(r.text).toBe(JSON.stringify(missingScope('authorized_user:read')));
  });

  it('answers 401 without a token', async () => {
    const r = await wf(t, 'get', '/token/authorized_by', null);
    expect(r.status).toBe(401);
    expect(r.text).toBe(errText('not_authorized', 'Request not authorized'));
  });

  it('answers 404 for a token stored without a known user, and still introspects it', async () => {
    await withTokens('no-user', { bare: { scopes: ['authorized_user:read'], site_ids: [SITE] }, ghost: { scopes: ['authorized_user:read'], site_ids: [], user_id: '000000000000000000000000' } });
    for (const token of ['bare', 'ghost']) {
      const r = await wf(t, 'get', '/token/authorized_by', token).set('x-standin-sandbox', 'no-user');
      expect(r.status).toBe(404);
      expect(r.text).toBe(errText('resource_not_found', 'Requested resource not found'));
    }
    const bare = await wf(t, 'get', '/token/introspect', 'bare').set('x-standin-sandbox', 'no-user');
    expect(bare.status).toBe(200);
    expect(bare.body.authorization).toEqual({ lastUsed: expect.any(String), grantType: 'client_credentials', rateLimit: 120, scope: 'authorized_user:read', authorizedTo: { siteIds: [SITE], workspaceIds: [], userIds: [] } });
    await t.http.delete('/__admin/sandboxes/no-user');
  });

  it('refuses to import a token whose stored fields have the wrong types, naming it', async () => {
    const snap = (await t.http.get('/__admin/state?service=webflow&sandbox=bad-token')).body;
    snap.services.webflow.shared.tokens['bad'] = { scopes: [], site_ids: [], user_id: 'not-an-id' };
    const r = await t.http.put('/__admin/state?sandbox=bad-token').send(snap);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("shared collection 'tokens', record 'bad'");
    await t.http.delete('/__admin/sandboxes/bad-token');
  });
});
