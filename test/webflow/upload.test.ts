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
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function step1(fileName = 'photo.png') {
  const r = await wf(t, 'post', `/sites/${SITE}/assets`).send({ fileName, fileHash: md5(BYTES) });
  expect(r.status).toBe(200);
  return r.body as { id: string; uploadUrl: string; assetUrl: string; hostedUrl: string; uploadDetails: Record<string, string> };
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

const esc = (s: string) => s.replace(/[[\]$.()?"+*{}|^\\]/g, '\\$&');
/** S3's error document; `extra` is the exact XML of the elements S3 puts between Message and RequestId. */
const s3 = (code: string, message: string, extra = '') =>
  new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>${code}</Code><Message>${esc(message)}</Message>${esc(extra)}<RequestId>([0-9A-F]{16})</RequestId><HostId>([^<]+)</HostId></Error>$`);
const arg = (name: string, value = '') => `<ArgumentName>${name}</ArgumentName><ArgumentValue>${value}</ArgumentValue>`;

// S3's browser POST and its XML errors (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html).
describe('the presigned upload (step 2)', () => {
  it('stores the bytes, answers 201 with S3\'s PostResponse and the MD5 ETag, and serves them at hostedUrl', async () => {
    const up = await step1();
    const r = await step2(up);
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.headers['etag']).toBe(`"${md5(BYTES)}"`);
    // S3's Location percent-encodes the whole key, `/` included; Key is the key as is.
    // (supertest gives every request its own port, so only the path is compared)
    const location = r.headers['location']!;
    expect(new URL(location).pathname).toBe(`/webflow/__s3/webflow-prod-assets/${SITE}%2F${up.id}_photo.png`);
    expect(r.text).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${location}</Location><Bucket>webflow-prod-assets</Bucket><Key>${SITE}/${up.id}_photo.png</Key><ETag>"${md5(BYTES)}"</ETag></PostResponse>`);
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(BYTES.length);
    const served = await t.http.get(new URL(up.hostedUrl).pathname).buffer(true).parse(binary);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, BYTES)).toBe(0);
    // The object is public-read: assetUrl ("S3 link to the asset") and the Location serve it too.
    for (const url of [up.assetUrl, location]) {
      const object = await t.http.get(new URL(url).pathname).buffer(true).parse(binary);
      expect([object.status, object.headers['content-type'], object.headers['etag']]).toEqual([200, 'image/png', `"${md5(BYTES)}"`]);
      expect(Buffer.compare(object.body as Buffer, BYTES)).toBe(0);
    }
    const noBucket = await t.http.get(new URL(up.assetUrl).pathname.replace('webflow-prod-assets', 'nope'));
    expect(noBucket.status).toBe(404);
    expect(noBucket.text).toMatch(s3('NoSuchBucket', 'The specified bucket does not exist', '<BucketName>nope</BucketName>'));
  });

  it('keeps a file name with spaces, slashes and dots inside its key, and serves it back', async () => {
    const up = await step1('my photos/../ünï 1.png');
    expect(new URL(up.hostedUrl).pathname).toBe(`/webflow/__cdn/${SITE}/${encodeURIComponent(`${up.id}_my photos/../ünï 1.png`)}`);
    expect((await step2(up)).status).toBe(201);
    const served = await t.http.get(new URL(up.hostedUrl).pathname).buffer(true).parse(binary);
    expect(served.status).toBe(200);
    expect(Buffer.compare(served.body as Buffer, BYTES)).toBe(0);
  });

  it('matches field names case-insensitively', async () => {
    const up = await step1();
    const lower = Object.fromEntries(Object.entries(up.uploadDetails).map(([k, v]) => [k.toLowerCase(), v]));
    expect((await step2({ uploadUrl: up.uploadUrl, uploadDetails: lower })).status).toBe(201);
  });

  it.each([
    ['a tampered key', (u: Record<string, string>) => ({ key: `${u['key']}x` }), 403, 'AccessDenied', (u: Record<string, string>) => `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${u['key']}"]`, () => ''],
    ['another content type', () => ({ 'content-type': 'text/html' }), 403, 'AccessDenied', () => 'Invalid according to Policy: Policy Condition failed: ["eq", "$content-type", "image/png"]', () => ''],
    ['no success_action_status', () => ({ success_action_status: undefined }), 403, 'AccessDenied', () => 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$success_action_status", ""]', () => ''],
    // S3 (LocalStack's recordings against it): a missing SigV4 field is named, 400.
    ['no signature', () => ({ 'X-Amz-Signature': undefined }), 400, 'InvalidArgument', () => "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.", () => arg('X-Amz-Signature')],
    ['no policy', () => ({ Policy: undefined }), 400, 'InvalidArgument', () => "Bucket POST must contain a field named 'Policy'.  If it is specified, please check the order of the fields.", () => arg('Policy')],
    ['no key', () => ({ key: undefined }), 400, 'InvalidArgument', () => "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", () => arg('key')],
    ['another access key', (u: Record<string, string>) => ({ 'X-Amz-Credential': u['X-Amz-Credential']!.replace(/^[^/]+/, 'AKIAOTHERKEY00000000') }), 403, 'InvalidAccessKeyId', () => 'The AWS Access Key Id you provided does not exist in our records.', () => '<AWSAccessKeyId>AKIAOTHERKEY00000000</AWSAccessKeyId>'],
    ['another region', (u: Record<string, string>) => ({ 'X-Amz-Credential': u['X-Amz-Credential']!.replace('us-east-1', 'eu-west-1') }), 400, 'InvalidArgument', () => "the region 'eu-west-1' is wrong; expecting 'us-east-1'", (u: Record<string, string>) => `${arg('X-Amz-Credential', u['X-Amz-Credential']!.replace('us-east-1', 'eu-west-1'))}<Region>us-east-1</Region>`],
    ['a field no condition names', () => ({ Filename: 'photo.png' }), 403, 'AccessDenied', () => 'Invalid according to Policy: Extra input fields: Filename', () => ''],
  ])('refuses %s with S3\'s XML and stores nothing', async (_name, change, status, code, message, extra) => {
    const up = await step1();
    const r = await step2(up, change(up.uploadDetails));
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/xml');
    const m = s3(code, message(up.uploadDetails), extra(up.uploadDetails)).exec(r.text);
    expect(m, r.text).not.toBeNull();
    // The ids in the body are the ones in S3's headers.
    expect([r.headers['x-amz-request-id'], r.headers['x-amz-id-2']]).toEqual([m![1], m![2]]);
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(0);
  });

  it('refuses a policy or signature that is not the one Standin signed (SignatureDoesNotMatch with what S3 says it signed)', async () => {
    for (const change of [
      (u: Record<string, string>): Record<string, string> => ({ Policy: Buffer.from(Buffer.from(u['Policy']!, 'base64').toString().replace('public-read', 'public-read-write')).toString('base64') }),
      (u: Record<string, string>): Record<string, string> => ({ 'X-Amz-Credential': u['X-Amz-Credential']!.replace(/\/\d{8}\//, '/20200101/') }),
    ]) {
      const up = await step1();
      const sent = { ...up.uploadDetails, ...change(up.uploadDetails) };
      const r = await step2(up, sent);
      expect(r.status).toBe(403);
      const bytes = [...Buffer.from(sent['Policy']!)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const akid = sent['X-Amz-Credential']!.split('/')[0];
      expect(r.text).toMatch(s3('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        `<AWSAccessKeyId>${akid}</AWSAccessKeyId><StringToSign>${sent['Policy']}</StringToSign><SignatureProvided>${sent['X-Amz-Signature']}</SignatureProvided><StringToSignBytes>${bytes}</StringToSignBytes>`));
      expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(0);
    }
  });

  it('ignores every field after the file, as S3 does, and treats a form without SigV4 fields as anonymous', async () => {
    const up = await step1();
    let r = t.http.post(new URL(up.uploadUrl).pathname);
    for (const [k, v] of Object.entries(up.uploadDetails)) if (k !== 'key') r = r.field(k, v);
    const late = await r.attach('file', BYTES, 'photo.png').field('key', up.uploadDetails['key']!);
    expect(late.status).toBe(400);
    expect(late.text).toMatch(s3('InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", arg('key')));
    // A field after the file is not an extra input field either; an x-ignore- field never is.
    const tail = await step2(up, { 'x-ignore-tracker': '1' }).field('submit', 'Upload');
    expect(tail.status).toBe(201);
    const anonymous = await t.http.post(new URL(up.uploadUrl).pathname).field('key', up.uploadDetails['key']!).field('policy', up.uploadDetails['Policy']!).attach('file', BYTES, 'photo.png');
    expect(anonymous.status).toBe(403);
    expect(anonymous.text).toMatch(s3('AccessDenied', 'Access Denied'));
  });

  it('takes a file part without a filename as the file, as S3 does', async () => {
    const up = await step1();
    let r = t.http.post(new URL(up.uploadUrl).pathname);
    for (const [k, v] of Object.entries(up.uploadDetails)) r = r.field(k, v);
    const res = await r.field('file', 'plain text content');
    expect(res.status).toBe(201);
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe('plain text content'.length);
  });

  it('answers 412 to a body that is not multipart/form-data, and 400 to two files', async () => {
    const up = await step1();
    const r = await t.http.post(new URL(up.uploadUrl).pathname).send(up.uploadDetails);
    expect(r.status).toBe(412);
    expect(r.text).toMatch(s3('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', '<Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition>'));
    const two = await step2(up).attach('file', BYTES, 'again.png');
    expect(two.status).toBe(400);
    expect(two.text).toMatch(s3('InvalidArgument', 'POST requires exactly one file upload per request.', arg('file', '2')));
  });

  it('refuses a file over the policy\'s content-length-range with S3\'s sizes', async () => {
    const up = await step1();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    const r = await step2(up, {}, undefined, big);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(s3('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', `<ProposedSize>${big.length}</ProposedSize><MaxSizeAllowed>${10 * 1024 * 1024}</MaxSizeAllowed>`));
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(0);
  });

  it.each([
    ['200', 200],
    ['204', 204],
    ['something else', 204],
  ])('answers success_action_status %s with %i and an empty body, ETag and Location', async (value, status) => {
    const up = await step1();
    const r = await step2(up, { success_action_status: value });
    expect(r.status).toBe(status);
    expect(r.text ?? '').toBe('');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers['etag']).toBe(`"${md5(BYTES)}"`);
    expect(new URL(r.headers['location']!).pathname).toBe(`/webflow/__s3/webflow-prod-assets/${encodeURIComponent(up.uploadDetails['key']!)}`);
    expect((await wf(t, 'get', `/assets/${up.id}`)).body.size).toBe(BYTES.length);
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
    expect(r.text).toMatch(s3('InvalidArgument', 'POST requires exactly one file upload per request.', arg('file', '0')));
  });

  it('answers 404 NoSuchKey at hostedUrl before the bytes arrive', async () => {
    const up = await step1();
    const r = await t.http.get(new URL(up.hostedUrl).pathname);
    expect(r.status).toBe(404);
    expect(r.text).toMatch(s3('NoSuchKey', 'The specified key does not exist.', `<Key>${SITE}/${up.id}_photo.png</Key>`));
  });
});
