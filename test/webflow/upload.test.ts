import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { SITE, wf } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ options: { 'webflow-no-rate-limit': true } });
});
afterAll(async () => {
  await t.close();
});

const BYTES = Buffer.from('PNG-ish bytes for the test \u0000\u0001\u0002');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

async function step1(fileName = 'photo.png') {
  const r = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName, fileHash: md5(BYTES) });
  expect(r.status).toBe(200);
  return r.body as { id: string; uploadUrl: string; hostedUrl: string; uploadDetails: Record<string, string> };
}

/** Step 2 as the SDK sends it: every uploadDetails field (policy in lower case), the file last. */
function step2(up: { uploadUrl: string; uploadDetails: Record<string, string> }, change: Record<string, string | undefined> = {}, path = new URL(up.uploadUrl).pathname, file: Buffer | null = BYTES) {
  let r = t.http.post(path);
  for (const [k, v] of Object.entries({ ...up.uploadDetails, ...change })) {
    const name = k === 'Policy' ? 'policy' : k === 'content-type' ? 'Content-Type' : k;
    if (v !== undefined) r = r.field(name, v);
  }
  return file ? r.attach('file', file, { filename: 'photo.png', contentType: up.uploadDetails['content-type']! }) : r;
}

const s3 = (code: string, message: string) => new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>${code}</Code><Message>${message.replace(/[[\]$.()?"]/g, '\\$&')}</Message><RequestId>[0-9A-F]+</RequestId><HostId>[^<]+</HostId></Error>$`);

// research/webflow.md §4: S3 POST semantics, S3 XML errors.
describe('the presigned upload (step 2)', () => {
  it('stores the bytes, answers 201 with S3\'s PostResponse and the MD5 ETag, and serves them at hostedUrl', async () => {
    const up = await step1();
    const r = await step2(up);
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toMatch(/^application\/xml/);
    expect(r.headers['etag']).toBe(`"${md5(BYTES)}"`);
    expect(r.text).toContain(`<Key>${SITE}/${up.id}_photo.png</Key><ETag>"${md5(BYTES)}"</ETag></PostResponse>`);
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(BYTES.length);
    const served = await t.http.get(new URL(up.hostedUrl).pathname).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, BYTES)).toBe(0);
  });

  it('matches field names case-insensitively', async () => {
    const up = await step1();
    const lower = Object.fromEntries(Object.entries(up.uploadDetails).map(([k, v]) => [k.toLowerCase(), v]));
    expect((await step2({ uploadUrl: up.uploadUrl, uploadDetails: lower })).status).toBe(201);
  });

  it.each([
    ['a tampered key', (u: Record<string, string>) => ({ key: `${u['key']}x` }), 403, 'AccessDenied', (u: Record<string, string>) => `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${u['key']}"]`],
    ['a tampered policy', (u: Record<string, string>) => ({ Policy: Buffer.from(Buffer.from(u['Policy']!, 'base64').toString().replace('201', '200')).toString('base64') }), 403, 'SignatureDoesNotMatch', () => 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
    ['another content type', () => ({ 'content-type': 'text/html' }), 403, 'AccessDenied', () => 'Invalid according to Policy: Policy Condition failed: ["eq", "$content-type", "image/png"]'],
    ['no signature', () => ({ 'X-Amz-Signature': undefined }), 403, 'AccessDenied', () => 'Access Denied'],
    ['no key', () => ({ key: undefined }), 400, 'InvalidArgument', () => "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields."],
  ])('refuses %s with S3\'s XML and stores nothing', async (_name, change, status, code, message) => {
    const up = await step1();
    const r = await step2(up, change(up.uploadDetails));
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/xml/);
    expect(r.text).toMatch(s3(code, message(up.uploadDetails)));
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(0);
  });

  it('refuses another bucket', async () => {
    const up = await step1();
    const r = await step2(up, {}, new URL(up.uploadUrl).pathname.replace('webflow-prod-assets', 'someone-elses-bucket'));
    expect(r.status).toBe(403);
    expect(r.text).toMatch(s3('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "webflow-prod-assets"]'));
  });

  it('refuses an expired policy (the simulated clock an hour and more on)', async () => {
    const up = await step1();
    t.rt.clock.set(Date.now() + 61 * 60 * 1000);
    try {
      const r = await step2(up);
      expect(r.status).toBe(403);
      expect(r.text).toMatch(s3('AccessDenied', 'Invalid according to Policy: Policy expired.'));
    } finally {
      t.rt.clock.reset();
    }
  });

  it('refuses a form without a file', async () => {
    const up = await step1();
    const r = await step2(up, {}, undefined, null);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(s3('InvalidArgument', 'POST requires exactly one file upload per request.'));
  });

  it('answers 404 NoSuchKey at hostedUrl before the bytes arrive', async () => {
    const up = await step1();
    const r = await t.http.get(new URL(up.hostedUrl).pathname);
    expect(r.status).toBe(404);
    expect(r.text).toContain('<Code>NoSuchKey</Code>');
  });
});
