import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebflowClient, Webflow, WebflowError } from 'webflow-api';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';

const SITE = '580e63e98c9a982ac9b8b741';
let standin: RunningStandin;
const client = (accessToken = 'demo-token') => new WebflowClient({ accessToken, baseUrl: `${standin.url}/webflow/v2`, maxRetries: 0, timeoutInSeconds: 10 });

beforeAll(async () => {
  standin = await serve({ services, logLevel: 'silent', validateResponses: true, options: { 'webflow-rate-limit': '1000' } });
});
afterAll(async () => {
  await standin.close();
});

// The official SDK (webflow/js-webflow-api, the webflow-api package), unmodified, end to end.
describe('the webflow-api SDK against Standin', () => {
  it('creates a folder, uploads through the presigned form, reads, lists, updates and deletes', async () => {
    const wf = client();
    const folder = await wf.assets.createFolder(SITE, { displayName: 'SDK folder' });
    expect(folder.id).toMatch(/^[0-9a-f]{24}$/);
    const text = `<svg xmlns='http://www.w3.org/2000/svg'><!-- ${Date.now()} --></svg>`;
    const bytes = new TextEncoder().encode(text);
    const up = await wf.assets.utilities.createAndUpload(SITE, { file: bytes.buffer as ArrayBuffer, fileName: 'logo.svg', parentFolder: folder.id });
    expect(up.id).toMatch(/^[0-9a-f]{24}$/);
    expect(up.uploadUrl).toMatch(new RegExp(`^${standin.url}/webflow/__s3/`));

    const asset = await wf.assets.get(up.id!);
    expect(asset.size).toBe(bytes.length);
    expect(asset.contentType).toBe('image/svg+xml');
    const served = await fetch(asset.hostedUrl!);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(await served.text()).toBe(text);

    const page = await wf.assets.list(SITE, { offset: 0, limit: 100 });
    expect(page.assets?.map((a) => a.id)).toContain(up.id);
    expect((await wf.assets.getFolder(folder.id!)).assets).toEqual([up.id]);

    const updated = await wf.assets.update(up.id!, { displayName: 'Logo', altText: 'Company logo', localeId: '65427cf400e02b306eaa04a0' } as Webflow.AssetsUpdateRequest);
    expect(updated.displayName).toBe('Logo');
    expect((updated as { altText?: string }).altText).toBe('Company logo');

    await wf.assets.delete(up.id!);
    await expect(wf.assets.get(up.id!)).rejects.toBeInstanceOf(Webflow.NotFoundError);
  });

  it('uploads binary bytes unchanged (a PNG) and serves them back byte for byte', async () => {
    const png = await readFile(new URL('../../fixtures/webflow/files/hero-banner.png', import.meta.url));
    const up = await client().assets.utilities.createAndUpload(SITE, { file: png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer, fileName: 'banner copy.png' });
    expect(up.contentType).toBe('image/png');
    const asset = await client().assets.get(up.id!);
    expect(asset.size).toBe(png.length);
    const served = await fetch(asset.hostedUrl!);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('raises the SDK\'s own errors for 401, 404, 400 and a 403 scope failure', async () => {
    const unknown = await client('no-such-token').assets.list(SITE).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Webflow.UnauthorizedError);
    expect((unknown as WebflowError).statusCode).toBe(401);
    expect((unknown as WebflowError).body).toMatchObject({ code: 'not_authorized', message: 'Request not authorized' });
    const missing = await client().assets.get('000000000000000000000000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Webflow.NotFoundError);
    expect((missing as WebflowError).body).toMatchObject({ code: 'resource_not_found' });
    const invalid = await client().assets.create(SITE, { fileName: `${'a'.repeat(100)}.png`, fileHash: '3c7d87c9575702bc3b1e991f4d3c638e' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(Webflow.BadRequestError);
    expect((invalid as WebflowError).body).toMatchObject({ code: 'validation_error', details: [{ param: 'fileName', description: 'Must be less than 100 characters' }] });
    const scope = await client('demo-readonly-token').assets.createFolder(SITE, { displayName: 'nope' }).catch((e: unknown) => e);
    // The SDK's asset methods declare no 403 error of their own: it raises its base class.
    expect((scope as WebflowError).constructor).toBe(WebflowError);
    expect((scope as WebflowError).statusCode).toBe(403);
    expect((scope as WebflowError).body).toMatchObject({ code: 'missing_scopes', message: "OAuthForbidden: You are missing the following scopes - 'assets:write'" });
  });

  it('raises TooManyRequestsError past the rate limit', async () => {
    const limited = await serve({ services, logLevel: 'silent', options: { 'webflow-rate-limit': '2' } });
    try {
      const wf = new WebflowClient({ accessToken: 'demo-readonly-token', baseUrl: `${limited.url}/webflow/v2`, maxRetries: 0 });
      await wf.assets.list(SITE);
      await wf.assets.list(SITE);
      const limitedError = await wf.assets.list(SITE).catch((e: unknown) => e);
      expect(limitedError).toBeInstanceOf(Webflow.TooManyRequestsError);
      expect((limitedError as WebflowError).statusCode).toBe(429);
      expect((limitedError as WebflowError).body).toMatchObject({ code: 'too_many_requests', message: 'Too many requests' });
    } finally {
      await limited.close();
    }
  });
});
