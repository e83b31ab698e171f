import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Exchange, OwnRoute, WireResponse } from '../../core/service/module.js';
import { ServiceError } from '../../core/pipeline/problems.js';
import { requestIds, s3ErrorWire, s3Fail, s3Xml, xmlEscape } from '../../core/files/s3-errors.js';
import { objectAnswer } from '../../core/files/object.js';
import { blobKey, type StoredAsset, type WebflowData } from './store.js';
import { ACCESS_KEY, BUCKET, REGION, parsePolicy, signatureMatches } from './policy.js';
import { fixtureFile } from './fixtures.js';
import { fieldsOf, journalForm, parseForm, preDataTooLarge, type Received } from './s3-form.js';

type Ctx = Exchange<WebflowData>;
/** Form fields no policy condition needs to name (sigv4-HTTPPOSTForms), besides `x-ignore-*`. */
const UNCOVERED = new Set(['x-amz-signature', 'file', 'policy']);
/** The SigV4 fields, in the order S3 names the first one missing. */
const SIGV4_FIELDS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'Policy'];

const missingField = (name: string) =>
  s3Fail(400, 'InvalidArgument', `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, [['ArgumentName', name], ['ArgumentValue', '']]);

function assetOfKey(ctx: Ctx, key: string): StoredAsset | undefined {
  const [site, file] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
  const id = file.slice(0, file.indexOf('_'));
  const asset = site && id ? ctx.store.tenant(site).get('assets', id) : undefined;
  return asset?.key === key ? asset : undefined;
}

/**
 * Step 2, an S3 browser POST (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html, sigv4-HTTPPOSTForms.html), checked in S3's order: the file and key, the SigV4 fields,
 * the credential, the signature over the policy as sent, expiry, each condition, fields no condition
 * names, then the size. Every failure is S3's XML. The bytes go to the blob store, not the JSON db.
 */
async function upload(req: Request, ctx: Ctx): Promise<WireResponse> {
  const files = ((req.files ?? []) as unknown as Received[]).filter((f) => f.fieldname.toLowerCase() === 'file');
  if (!files.length) {
    // A `file` part without a filename is still the file to S3 (LocalStack's recordings): a text field here.
    const sent = Object.entries((req.body ?? {}) as Record<string, unknown>);
    const at = sent.findIndex(([name, v]) => name.toLowerCase() === 'file' && typeof v === 'string');
    if (at >= 0) {
      const buffer = Buffer.from(sent[at]![1] as string);
      files.push({ fieldname: sent[at]![0], buffer, size: buffer.length, before: Object.fromEntries(sent.slice(0, at)), partsBefore: [] });
    }
  }
  const file = files[0];
  if (!file || files.length !== 1) {
    throw s3Fail(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', [['ArgumentName', 'file'], ['ArgumentValue', String(files.length)]]);
  }
  const fields = fieldsOf({ ...file.before, ...Object.fromEntries(file.partsBefore.filter((p) => p.name !== '\0file').map((p) => [p.name, p.value])) });
  const get = (name: string) => fields.get(name.toLowerCase())?.value;
  const key = get('key');
  if (!key) throw missingField('key');
  // Without any SigV4 field the request is anonymous, and the bucket is not publicly writable.
  if (!['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature'].some((n) => fields.has(n))) throw s3Fail(403, 'AccessDenied', 'Access Denied');
  const absent = SIGV4_FIELDS.find((n) => get(n) === undefined);
  if (absent) throw missingField(absent);
  const [credential, policyText, signature] = [get('x-amz-credential')!, get('policy')!, get('x-amz-signature')!];

  const scope = credential.split('/');
  const credentialArg: [string, string][] = [['ArgumentName', 'X-Amz-Credential'], ['ArgumentValue', credential]];
  if (scope.length !== 5 || scope[3] !== 's3' || scope[4] !== 'aws4_request') {
    throw s3Fail(400, 'InvalidArgument', 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".', credentialArg);
  }
  const [akid, date, region] = scope as [string, string, string];
  if (!akid) throw s3Fail(400, 'InvalidArgument', 'a non-empty Access Key (AKID) must be provided in the credential.', credentialArg);
  if (akid !== ACCESS_KEY) throw s3Fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', [['AWSAccessKeyId', akid]]);
  if (region !== REGION) throw s3Fail(400, 'InvalidArgument', `the region '${region}' is wrong; expecting '${REGION}'`, [...credentialArg, ['Region', REGION]]);
  if (!signatureMatches(ctx, policyText, signature, date, region)) {
    throw s3Fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', [
      ['AWSAccessKeyId', akid],
      ['StringToSign', policyText],
      ['SignatureProvided', signature],
      ['StringToSignBytes', [...Buffer.from(policyText)].map((b) => b.toString(16).padStart(2, '0')).join(' ')],
    ]);
  }
  const policy = parsePolicy(policyText);
  if (!policy) throw s3Fail(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  if (!(Date.parse(policy.expiration) > ctx.clock.nowMs())) throw s3Fail(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');

  const bucket = ctx.params['bucket']!;
  const covered = new Set<string>();
  let range: [number, number] | undefined;
  for (const condition of policy.conditions) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      range = [Number(condition[1]), Number(condition[2])];
      continue;
    }
    // S3 prints a simple condition {name: value} as ["eq", "$name", value].
    const [op, name, value] = Array.isArray(condition) ? [String(condition[0]), String(condition[1]).replace(/^\$/, ''), String(condition[2])] : ['eq', ...Object.entries(condition)[0]!];
    covered.add(name.toLowerCase());
    const given = name.toLowerCase() === 'bucket' ? bucket : get(name);
    // A condition on an absent field fails, even starts-with "".
    if (given === undefined || (op === 'eq' ? given !== value : !given.startsWith(value))) {
      throw s3Fail(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: [${[op, `$${name}`, value].map((v) => JSON.stringify(v)).join(', ')}]`);
    }
  }
  const extra = [...fields].filter(([lower]) => !covered.has(lower) && !UNCOVERED.has(lower) && !lower.startsWith('x-ignore-')).map(([, f]) => f.name);
  if (extra.length) throw s3Fail(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  if (range && file.size > range[1]) {
    throw s3Fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', [['ProposedSize', String(file.size)], ['MaxSizeAllowed', String(range[1])]]);
  }
  if (range && file.size < range[0]) {
    throw s3Fail(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', [['ProposedSize', String(file.size)], ['MinSizeAllowed', String(range[0])]]);
  }

  const target = assetOfKey(ctx, key);
  if (!target) throw s3Fail(403, 'AccessDenied', 'Access Denied');
  await storeUpload(ctx, target, key, file);

  const etag = `"${createHash('md5').update(file.buffer).digest('hex')}"`;
  // S3's Location percent-encodes the whole key, `/` included.
  const location = `${ctx.baseUrl}/__s3/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}`;
  const headers = { ...requestIds(ctx).headers, ETag: etag, Location: location };
  const status = get('success_action_status');
  if (status === '201') {
    return s3Xml(201, `<PostResponse><Location>${xmlEscape(location)}</Location><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${etag}</ETag></PostResponse>`, headers);
  }
  return { status: status === '200' ? 200 : 204, headers };
}

/**
 * New bytes go under a name of their own, the record is committed to name them, and only then are the
 * old bytes removed: a crash at any point leaves the record with the bytes it names.
 */
async function storeUpload(ctx: Ctx, target: StoredAsset, key: string, file: { buffer: Buffer; size: number }): Promise<void> {
  const bytes = `upload:${randomBytes(8).toString('hex')}`; // not ctx.random: uploads must not shift seeded ids
  const blob = blobKey({ ...target, bytes })!;
  await ctx.blobs.put(blob, file.buffer);
  // Read again: the asset may have been updated or deleted while the bytes were written.
  const asset = assetOfKey(ctx, key);
  if (!asset) {
    await ctx.blobs.delete(blob);
    throw s3Fail(403, 'AccessDenied', 'Access Denied');
  }
  try {
    await ctx.store.write((tx) => tx.tenant(asset.siteId).put('assets', asset.id, { ...asset, size: file.size, bytes, lastUpdated: ctx.clock.iso() }));
  } catch (e) {
    await ctx.blobs.delete(blob).catch(() => {});
    throw e;
  }
  const old = blobKey(asset);
  if (old) await ctx.blobs.delete(old).catch(() => {}); // only space is lost if this fails
}

async function bytesOf(ctx: Ctx, asset: StoredAsset): Promise<Buffer | undefined> {
  const blob = blobKey(asset);
  if (blob) return ctx.blobs.get(blob);
  return asset.bytes?.startsWith('fixture:') ? fixtureFile(asset.bytes.slice('fixture:'.length)) : undefined;
}

/** The bytes at hostedUrl (the CDN) or assetUrl (the public-read S3 object), with the asset's content type; no auth. */
async function serve(ctx: Ctx, cdn: boolean): Promise<WireResponse> {
  if (!cdn && ctx.params['bucket'] !== BUCKET) throw s3Fail(404, 'NoSuchBucket', 'The specified bucket does not exist', [['BucketName', ctx.params['bucket']!]]);
  const key = ctx.params['key']!;
  const asset = assetOfKey(ctx, key);
  const bytes = asset ? await bytesOf(ctx, asset) : undefined;
  if (!asset || !bytes) throw s3Fail(404, 'NoSuchKey', 'The specified key does not exist.', [['Key', key]]);
  return objectAnswer(bytes, {
    contentType: asset.contentType,
    lastModified: asset.lastUpdated,
    headers: cdn ? { 'Cache-Control': 'max-age=31536000, must-revalidate' } : requestIds(ctx).headers,
  });
}

async function postObject(req: Request, ctx: Ctx): Promise<WireResponse> {
  if (!req.is('multipart/form-data')) {
    throw s3Fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', [['Condition', 'Bucket POST must be of the enclosure-type multipart/form-data']]);
  }
  const err = await parseForm(req, ctx.req.res!);
  ctx.form = journalForm(req);
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'LIMIT_FILE_COUNT') throw s3Fail(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', [['ArgumentName', 'file']]);
  if (code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_FIELD_KEY' || code === 'LIMIT_FIELD_COUNT') throw preDataTooLarge();
  if (err) throw s3Fail(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  try {
    return await upload(req, ctx);
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    ctx.log.error({ err: e }, 'webflow: upload failed');
    throw s3Fail(500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
}

/** The presigned upload target and the two places its bytes are read back from (the S3 object and the CDN). */
export const s3Routes: OwnRoute<WebflowData>[] = [
  { method: 'POST', path: '/__s3/{bucket}', handle: postObject },
  { method: 'POST', path: '/__s3/{bucket}/{key+}', handle: postObject },
  { method: 'GET', path: '/__cdn/{key+}', handle: (_req, ctx) => serve(ctx, true) },
  { method: 'GET', path: '/__s3/{bucket}/{key+}', handle: (_req, ctx) => serve(ctx, false) },
];

export { s3ErrorWire };
