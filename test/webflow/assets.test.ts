import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { FOLDER, LOGO, SITE, err, wf } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ options: { 'webflow-no-rate-limit': true } });
});
afterAll(async () => {
  await t.close();
});

const HASH = '3c7d87c9575702bc3b1e991f4d3c638e';

describe('POST /webflow/v2/sites/{site_id}/assets (step 1)', () => {
  it('answers the AssetUpload: 24-hex id, content type, absolute URLs on the client\'s host, and signed S3 fields in Webflow\'s spelling', async () => {
    t.rt.clock.set(Date.parse('2026-04-01T12:00:00.000Z'));
    // The client's own loopback name is kept (an arbitrary Host on loopback is not: test/core/control/admin-sites.test.ts).
    const r = await wf(t, 'post', `/sites/${SITE}/assets`).set('host', 'localhost:4010').send({ fileName: 'file.png', fileHash: HASH, parentFolder: FOLDER });
    t.rt.clock.reset();
    expect(r.status).toBe(200);
    const up = r.body;
    expect(Object.keys(up)).toEqual(['uploadDetails', 'contentType', 'id', 'parentFolder', 'uploadUrl', 'assetUrl', 'hostedUrl', 'originalFileName', 'createdOn', 'lastUpdated']);
    expect(up.id).toMatch(/^[0-9a-f]{24}$/);
    expect(up).toMatchObject({ contentType: 'image/png', parentFolder: FOLDER, originalFileName: 'file.png', createdOn: '2026-04-01T12:00:00.000Z', lastUpdated: '2026-04-01T12:00:00.000Z' });
    expect(up.uploadUrl).toBe(`http://localhost:4010/webflow/__s3/webflow-prod-assets/${SITE}/${up.id}_file.png`);
    expect(up.assetUrl).toBe(up.uploadUrl);
    expect(up.hostedUrl).toBe(`http://localhost:4010/webflow/__cdn/${SITE}/${up.id}_file.png`);
    expect(Object.keys(up.uploadDetails)).toEqual(['acl', 'bucket', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'key', 'Policy', 'X-Amz-Signature', 'success_action_status', 'content-type', 'Cache-Control']);
    expect(up.uploadDetails).toMatchObject({ acl: 'public-read', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': '20260401T120000Z', key: `${SITE}/${up.id}_file.png`, success_action_status: '201', 'content-type': 'image/png', 'Cache-Control': 'max-age=31536000, must-revalidate' });
    expect(up.uploadDetails['X-Amz-Credential']).toMatch(/^[A-Z0-9]+\/20260401\/us-east-1\/s3\/aws4_request$/);
    const policy = JSON.parse(Buffer.from(up.uploadDetails.Policy, 'base64').toString());
    expect(policy.expiration).toBe('2026-04-01T13:00:00.000Z');
    expect(policy.conditions).toEqual(expect.arrayContaining([{ bucket: 'webflow-prod-assets' }, { key: up.uploadDetails.key }, { 'content-type': 'image/png' }, { 'x-amz-date': '20260401T120000Z' }]));
    // Listed from step 1 on, with size 0 until the bytes land.
    const listed = (await wf(t, 'get', `/sites/${SITE}/assets`)).body.assets.find((a: { id: string }) => a.id === up.id);
    expect(listed).toMatchObject({ size: 0, folderId: FOLDER, variants: [], altText: null });
  });

  it('builds the URLs from --public-url when it is set', async () => {
    const pub = await testApp({ publicUrl: 'https://standin.example.com/' });
    const r = await wf(pub, 'post', `/sites/${SITE}/assets`).send({ fileName: 'a.pdf', fileHash: HASH });
    expect(r.body.uploadUrl.startsWith('https://standin.example.com/webflow/__s3/')).toBe(true);
    expect(r.body.contentType).toBe('application/pdf');
    await pub.close();
  });

  // Webflow's field errors (webflow/js-webflow-api#165): "Validation Error", one {param, description} per field.
  const invalid = (...details: [string, string][]) => ({ code: 'validation_error', message: 'Validation Error', externalReference: null, details: details.map(([param, description]) => ({ param, description })) });
  it.each([
    ['no fileName', { fileHash: HASH }, invalid(['fileName', 'Field is required'])],
    ['a fileName of 100 characters', { fileName: `${'a'.repeat(96)}.png`, fileHash: HASH }, invalid(['fileName', 'Must be less than 100 characters'])],
    ['no fileHash', { fileName: 'a.png' }, invalid(['fileHash', 'Field is required'])],
    ['neither', {}, invalid(['fileName', 'Field is required'], ['fileHash', 'Field is required'])],
    ['an empty fileHash', { fileName: 'a.png', fileHash: '' }, invalid(['fileHash', 'Must not be empty'])],
    ['a fileName that is not a string', { fileName: 5, fileHash: HASH }, invalid(['fileName', 'Must be string'])],
    ['a parentFolder that is not an id', { fileName: 'a.png', fileHash: HASH, parentFolder: 'x' }, err('validation_error', 'Validation Error: Provided ID is invalid')],
  ])('answers 400 validation_error for %s', async (_name, body, expected) => {
    const r = await wf(t, 'post', `/sites/${SITE}/assets`).send(body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(expected);
  });

  // Webflow's own assets tutorial hashes with SHA-256; the reference says MD5 (client-journeys.md §1.5).
  it.each([
    ['an MD5 hex digest', HASH],
    ['a SHA-256 hex digest (the tutorial\'s)', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['an upper-case digest', HASH.toUpperCase()],
    ['any other non-empty string', 'not-a-hash'],
  ])('accepts %s as fileHash', async (_name, fileHash) => {
    const r = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName: 'hashed.png', fileHash });
    expect(r.status).toBe(200);
    expect((await wf(t, 'get', `/assets/${r.body.id}`)).body.originalFileName).toBe('hashed.png');
  });

  it('accepts a fileName of 99 characters', async () => {
    const r = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName: `${'a'.repeat(95)}.png`, fileHash: HASH });
    expect(r.status).toBe(200);
  });

  it('answers 404 for a parentFolder that does not exist, and 400 bad_request for malformed JSON', async () => {
    const r = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName: 'a.png', fileHash: HASH, parentFolder: '000000000000000000000000' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual(err('resource_not_found', 'Requested resource not found: The asset folder cannot be found'));
    const bad = await wf(t, 'post', `/sites/${SITE}/assets`).set('content-type', 'application/json').send('{"fileName":');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(err('bad_request', 'Bad Request: Request is malformed'));
  });
});

describe('list, get, update, delete', () => {
  it('lists with {assets, pagination:{limit,offset,total}} and pages with offset and limit', async () => {
    const all = (await wf(t, 'get', `/sites/${SITE}/assets`)).body;
    expect(all.pagination).toEqual({ limit: 100, offset: 0, total: all.assets.length });
    const page = (await wf(t, 'get', `/sites/${SITE}/assets?offset=1&limit=1`)).body;
    expect(page.assets.map((a: { id: string }) => a.id)).toEqual([all.assets[1].id]);
    expect(page.pagination).toEqual({ limit: 1, offset: 1, total: all.assets.length });
    expect((await wf(t, 'get', `/sites/${SITE}/assets?limit=101`)).body).toEqual({ ...err('validation_error', 'Validation Error'), details: [{ param: 'limit', description: 'Must be at most 100' }] });
    const past = (await wf(t, 'get', `/sites/${SITE}/assets?offset=${all.pagination.total}`)).body;
    expect(past).toEqual({ assets: [], pagination: { limit: 100, offset: all.pagination.total, total: all.pagination.total } });
    const inFolder = (await wf(t, 'get', `/sites/${SITE}/assets?folderId=${FOLDER}`)).body.assets;
    expect(inFolder.every((a: { folderId: string }) => a.folderId === FOLDER)).toBe(true);
  });

  it('gets an asset (no folderId outside lists) and serves its bytes at hostedUrl', async () => {
    const r = await wf(t, 'get', `/assets/${LOGO}`);
    expect(r.body).toMatchObject({ id: LOGO, contentType: 'image/svg+xml', siteId: SITE, displayName: 'standin-logo.svg', variants: [], altText: 'Standin logo' });
    expect(r.body.folderId).toBeUndefined();
    const file = await t.http.get(new URL(r.body.hostedUrl).pathname);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/svg+xml');
    expect(Buffer.from(file.body as Buffer).length || file.text.length).toBe(r.body.size);
  });

  it('updates displayName and altText, takes localeId in the body or the query and ignores unknown keys', async () => {
    const r = await wf(t, 'patch', `/assets/${LOGO}?localeId=65427cf400e02b306eaa04a0`).send({ displayName: 'Logo', altText: 'Our logo', localeId: '65427cf400e02b306eaa04a0', whatever: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ displayName: 'Logo', altText: 'Our logo' });
  });

  it('deletes with 204 and an empty body, then answers 404', async () => {
    const up = (await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName: 'gone.txt', fileHash: HASH })).body;
    const r = await wf(t, 'delete', `/assets/${up.id}`);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const again = await wf(t, 'get', `/assets/${up.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(err('resource_not_found', 'Requested resource not found'));
  });
});

describe('asset folders', () => {
  it('creates, lists and gets folders; a duplicate name is a 409', async () => {
    const created = await wf(t, 'post', `/sites/${SITE}/asset_folders`).send({ displayName: 'Icons', parentFolder: FOLDER });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ displayName: 'Icons', parentFolder: FOLDER, assets: [], siteId: SITE });
    const got = await wf(t, 'get', `/asset_folders/${created.body.id}`);
    expect(got.body).toEqual(created.body);
    const list = (await wf(t, 'get', `/sites/${SITE}/asset_folders`)).body;
    expect(list.assetFolders.map((f: { displayName: string }) => f.displayName)).toEqual(['Brand', 'Icons']);
    expect(list.pagination.total).toBe(2);
    const brand = list.assetFolders[0];
    expect(brand.assets.length).toBeGreaterThan(0);
    const dup = await wf(t, 'post', `/sites/${SITE}/asset_folders`).send({ displayName: 'Icons' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual(err('conflict', 'Conflict: Resource already exists'));
  });
});
