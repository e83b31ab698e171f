import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebflowClient, Webflow, WebflowError } from 'webflow-api';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { OTHER_SITE, SITE, missingScope } from './helpers.js';

let standin: RunningStandin;
const client = (accessToken = 'demo-token') => new WebflowClient({ accessToken, baseUrl: `${standin.url}/webflow/v2`, maxRetries: 0, timeoutInSeconds: 10 });
const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as WebflowError);

beforeAll(async () => {
  standin = await serve({ services, logLevel: 'silent', validateResponses: true, options: { 'webflow-rate-limit': '1000' } });
});
afterAll(async () => {
  await standin.close();
});

// What SDK users (and Webflow's MCP server) call before the assets: client-journeys.md §1.1, unmodified webflow-api 3.3.4.
describe('the webflow-api SDK: sites and token', () => {
  it('sites.list() finds the site id; sites.get() gives its locales and domains, dates parsed', async () => {
    const { sites } = await client().sites.list();
    expect(sites?.map((s) => s.id)).toEqual([SITE]);
    const site = await client().sites.get(SITE);
    expect(site).toMatchObject({ id: SITE, displayName: 'Standin demo site', shortName: 'standin-demo-site', timeZone: 'Europe/Helsinki', dataCollectionType: Webflow.SiteDataCollectionType.Always });
    expect(site.createdOn).toEqual(new Date('2026-01-10T08:00:00.000Z'));
    expect(site.lastPublished).toBeInstanceOf(Date);
    expect(site.customDomains?.[0]?.lastPublished).toBeInstanceOf(Date);
    const locales = site.locales!;
    expect(locales.primary).toMatchObject({ tag: 'en-US', enabled: true });
    expect(locales.secondary?.map((l) => [l.tag, l.subdirectory])).toEqual([['fr-FR', 'fr-fr'], ['de-DE', 'de-de']]);
    expect(locales.secondary?.every((l) => /^[0-9a-f]{24}$/.test(l.id!) && /^[0-9a-f]{24}$/.test(l.cmsLocaleId!))).toBe(true);
  });

  it('sites.get() of an unknown id is NotFoundError; of a malformed one BadRequestError; of another customer\'s site a 403', async () => {
    const missing = await caught(client().sites.get('000000000000000000000000'));
    expect(missing).toBeInstanceOf(Webflow.NotFoundError);
    expect(missing?.body).toMatchObject({ code: 'resource_not_found', message: 'Requested resource not found: The site cannot be found' });
    expect(await caught(client().sites.get('nope'))).toBeInstanceOf(Webflow.BadRequestError);
    const other = await caught(client().sites.get(OTHER_SITE));
    expect(other?.statusCode).toBe(403);
  });

  it('without sites:read both sites calls raise the SDK\'s base WebflowError 403 with the raw missing_scopes body', async () => {
    for (const call of [client('demo-readonly-token').sites.list(), client('demo-readonly-token').sites.get(SITE)]) {
      const e = await caught(call);
      expect(e?.constructor).toBe(WebflowError);
      expect(e?.statusCode).toBe(403);
      expect(e?.body).toEqual(missingScope('sites:read'));
    }
  });

  it('an unknown token is UnauthorizedError on every call', async () => {
    const bad = client('no-such-token');
    for (const call of [bad.sites.list(), bad.sites.get(SITE), bad.token.introspect(), bad.token.authorizedBy()]) {
      const e = await caught(call);
      expect(e).toBeInstanceOf(Webflow.UnauthorizedError);
      expect(e?.body).toMatchObject({ code: 'not_authorized', message: 'Request not authorized' });
    }
  });

  it('token.introspect() shows the scopes, rate limit and sites; token.authorizedBy() the user', async () => {
    const { authorization, application } = await client().token.introspect();
    expect(application).toBeUndefined();
    expect(authorization).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), grantType: 'client_credentials', rateLimit: 1000, authorizedTo: { siteIds: [SITE] } });
    expect(authorization?.createdOn).toBeInstanceOf(Date);
    expect(authorization?.lastUsed).toBeInstanceOf(Date);
    expect(authorization?.scope?.split(/[ ,]/)).toEqual(expect.arrayContaining(['assets:read', 'assets:write', 'sites:read', 'authorized_user:read']));
    expect(await client('demo-readonly-token').token.introspect()).toMatchObject({ authorization: { scope: 'assets:read' } });
    expect(await client().token.authorizedBy()).toEqual({ id: '5f3c1a9be2d4c80012a4b6d1', email: 'demo@example.com', firstName: 'Demo', lastName: 'User' });
  });

  it('token.authorizedBy() without authorized_user:read raises ForbiddenError', async () => {
    const e = await caught(client('demo-readonly-token').token.authorizedBy());
    expect(e).toBeInstanceOf(Webflow.ForbiddenError);
    expect(e?.body).toEqual(missingScope('authorized_user:read'));
  });

  it('uploads the way Webflow\'s assets tutorial does: a SHA-256 fileHash, the S3 form built by hand, then assets.get', async () => {
    const bytes = Buffer.from('tutorial bytes\n');
    const wf = client();
    const up = await wf.assets.create(SITE, { fileName: 'tutorial.txt', fileHash: createHash('sha256').update(bytes).digest('hex') });
    // The SDK camel-cases uploadDetails' keys; the tutorial maps them back, as the SDK's own helper does.
    const back: Record<string, string> = { xAmzAlgorithm: 'X-Amz-Algorithm', xAmzDate: 'X-Amz-Date', xAmzCredential: 'X-Amz-Credential', xAmzSignature: 'X-Amz-Signature', successActionStatus: 'success_action_status', contentType: 'Content-Type', cacheControl: 'Cache-Control' };
    const form = new FormData();
    for (const [k, v] of Object.entries(up.uploadDetails ?? {})) form.append(back[k] ?? k, String(v));
    form.append('file', new Blob([bytes], { type: up.contentType }), 'tutorial.txt');
    const s3 = await fetch(up.uploadUrl!, { method: 'POST', body: form });
    expect(s3.status).toBe(201);
    const asset = await wf.assets.get(up.id!);
    expect(asset.size).toBe(bytes.length);
    expect(Buffer.from(await (await fetch(asset.hostedUrl!)).arrayBuffer()).equals(bytes)).toBe(true);
  });
});
