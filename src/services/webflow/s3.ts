import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import type { Exchange, FormParts, OwnRoute, WireResponse } from '../../core/service/module.js';
import { ServiceError } from '../../core/pipeline/problems.js';
import { requestIds, s3ErrorWire, s3Fail, s3Xml, xmlEscape } from '../../core/files/s3-errors.js';
import { objectAnswer } from '../../core/files/object.js';
import { blobKey, type StoredAsset, type WebflowData } from './store.js';
import { ACCESS_KEY, BUCKET, REGION, parsePolicy, signatureMatches } from './policy.js';
import { fixtureFile } from './fixtures.js';

type Ctx = Exchange<WebflowData>;
const MAX_BYTES = 10 * 1024 * 1024; // Webflow: documents up to 10 MB, images up to 4 MB
/** S3's bound on the form fields before the file (MaxPostPreDataLength). */
const MAX_PRE_DATA = 20 * 1024;
const preDataTooLarge = () =>
  s3Fail(400, 'MaxPostPreDataLengthExceededError', 'Your POST request fields preceding the upload file were too large.', [['MaxPostPreDataLength', String(MAX_PRE_DATA)]]);
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

/** A part sent as a file but named other than `file`: a field to S3, its value known once it is read. */
interface FieldPart {
  name: string;
  value: string;
}

/** A file part as the storage engine below keeps it: its bytes (up to the limit), its full size, and the fields before it. */
interface Received {
  fieldname: string;
  buffer: Buffer;
  size: number;
  before: Record<string, unknown>;
  /** Field parts that started before it (they may end after it starts). */
  partsBefore: FieldPart[];
}

const fieldParts = new WeakMap<object, FieldPart[]>();

/**
 * Keeps each file in memory and notes which fields came before it: S3 ignores every field after the file.
 * A part named other than `file` is a field to S3, whatever its filename. What is kept is bounded: the
 * first file up to MAX_BYTES, a field part just past MAX_PRE_DATA, nothing of the parts after the file.
 */
const storage: StorageEngine = {
  _handleFile(req, file, cb) {
    const before = { ...(req.body as Record<string, unknown>) };
    let parts = fieldParts.get(req);
    if (!parts) fieldParts.set(req, (parts = []));
    const partsBefore = [...parts];
    const isFile = file.fieldname.toLowerCase() === 'file';
    const afterFile = parts.some((p) => p.name === '\0file');
    const keep = afterFile ? 0 : isFile ? MAX_BYTES : MAX_PRE_DATA + 1;
    const own: FieldPart = { name: isFile ? '\0file' : file.fieldname, value: '' };
    parts.push(own);
    const chunks: Buffer[] = [];
    let size = 0;
    file.stream.on('data', (c: Buffer) => {
      if (size + c.length <= keep) chunks.push(c);
      else if (size < keep) chunks.push(c.subarray(0, keep - size));
      size += c.length;
    });
    file.stream.on('error', cb);
    file.stream.on('end', () => {
      const buffer = Buffer.concat(chunks);
      if (!isFile) (req.body as Record<string, unknown>)[file.fieldname] = own.value = buffer.toString('utf8');
      const received: Omit<Received, 'fieldname'> = { buffer, size, before, partsBefore };
      cb(null, received as Partial<Express.Multer.File>);
    });
  },
  _removeFile(_req, _file, cb) {
    cb(null);
  },
};

/** The fields as sent: multer reads `a[x]` as `{a: {x}}`, which S3 sees as a field named `a[x]`. */
function* flatFields(sent: Record<string, unknown>, prefix?: string): Generator<[string, unknown]> {
  for (const [k, v] of Object.entries(sent)) {
    const name = prefix === undefined ? k : `${prefix}[${k}]`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) yield* flatFields(v as Record<string, unknown>, name);
    else yield [name, v];
  }
}

/** Form fields by lower-cased name (S3 matches names case-insensitively), each with its name as sent; repeats join with commas. */
function fieldsOf(sent: Record<string, unknown>): Map<string, { name: string; value: string }> {
  const fields = new Map<string, { name: string; value: string }>();
  let preData = 0;
  for (const [name, v] of flatFields(sent)) {
    const value = Array.isArray(v) ? v.map(String).join(',') : typeof v === 'string' ? v : undefined;
    if (value === undefined) continue;
    if ((preData += name.length + value.length) > MAX_PRE_DATA) throw preDataTooLarge();
    const seen = fields.get(name.toLowerCase());
    fields.set(name.toLowerCase(), seen ? { name: seen.name, value: `${seen.value},${value}` } : { name, value });
  }
  return fields;
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

const form = multer({ storage, limits: { files: 10, fields: 50, fieldSize: MAX_PRE_DATA, fieldNameSize: 1024 } }).any();

/** Runs multer over the request; resolves with its error, if any (the request's body and files are multer's). */
const parseForm = (req: Request, res: Response) => new Promise<unknown>((resolve) => form(req, res, (err?: unknown) => resolve(err)));

/** The fields and files of the form, without the file bytes, for the journal. */
function journalForm(req: Request): FormParts {
  const out: FormParts = { fields: {}, files: [] };
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') Object.defineProperty(out.fields, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  for (const f of (req.files ?? []) as unknown as (Received & { originalname?: string; mimetype?: string })[]) {
    out.files.push({ field: f.fieldname, filename: String(f.originalname), contentType: String(f.mimetype), size: f.size });
  }
  return out;
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
