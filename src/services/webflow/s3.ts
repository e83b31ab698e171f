import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import multer from 'multer';
import type { ServiceContext } from '../../core/service-module.js';
import type { StoredAsset, WebflowData } from './store.js';
import { verifyPolicy } from './policy.js';
import { fixtureFile } from './fixtures.js';

type Ctx = ServiceContext<WebflowData>;
const MAX_BYTES = 10 * 1024 * 1024; // Webflow: documents up to 10 MB, images up to 4 MB

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** S3's error document (these routes answer as S3 does, not as Webflow's API). */
function s3Error(res: Response, ctx: Ctx, status: number, code: string, message: string): void {
  const requestId = ctx.random.hex(8).toUpperCase();
  res.status(status).type('application/xml').send(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId><HostId>${ctx.random.bytes(24).toString('base64')}</HostId></Error>`,
  );
}

function assetOfKey(ctx: Ctx, key: string): StoredAsset | undefined {
  const [site, file] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
  const id = file.slice(0, file.indexOf('_'));
  const asset = site && id ? ctx.store.tenant(site).get('assets', id) : undefined;
  return asset?.key === key ? asset : undefined;
}

/**
 * Step 2, an S3 browser POST (research §4): field names match case-insensitively, the signed policy is
 * the only credential, and every failure is S3's XML. The bytes go to the blob store, not the JSON db.
 */
async function upload(req: Request, res: Response, ctx: Ctx): Promise<void> {
  const fields = new Map<string, string>();
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') fields.set(k.toLowerCase(), v);
  const files = (req.files ?? []) as Express.Multer.File[];
  const file = files.find((f) => f.fieldname.toLowerCase() === 'file');
  if (!file || files.length !== 1) return s3Error(res, ctx, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
  const key = fields.get('key');
  if (!key) return s3Error(res, ctx, 400, 'InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
  const policyText = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (!policyText || !signature) return s3Error(res, ctx, 403, 'AccessDenied', 'Access Denied');
  const policy = verifyPolicy(ctx, policyText, signature);
  if (!policy) return s3Error(res, ctx, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  if (Date.parse(policy.expiration) <= ctx.clock.nowMs()) return s3Error(res, ctx, 403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  const given = (name: string) => (name === 'bucket' ? (req.params['bucket'] ?? '') : (fields.get(name) ?? ''));
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      if (condition[0] === 'content-length-range' && file.size > Number(condition[2])) {
        return s3Error(res, ctx, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      }
      continue;
    }
    const [[name, value]] = Object.entries(condition) as [[string, string]];
    if (given(name.toLowerCase()) !== value) return s3Error(res, ctx, 403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`);
  }
  const asset = assetOfKey(ctx, key);
  if (!asset) return s3Error(res, ctx, 403, 'AccessDenied', 'Access Denied');
  await ctx.blobs.put(key, file.buffer);
  const updated: StoredAsset = { ...asset, size: file.size, bytes: 'upload', lastUpdated: ctx.clock.iso() };
  await ctx.store.write((tx) => tx.tenant(asset.siteId).put('assets', asset.id, updated));
  const etag = `"${createHash('md5').update(file.buffer).digest('hex')}"`;
  res.setHeader('ETag', etag);
  const status = fields.get('success_action_status');
  if (status === '201') {
    const location = `${ctx.baseUrl}/__s3/${req.params['bucket']}/${key.split('/').map(encodeURIComponent).join('/')}`;
    res.status(201).type('application/xml').send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${xmlEscape(location)}</Location><Bucket>${xmlEscape(String(req.params['bucket']))}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${etag}</ETag></PostResponse>`,
    );
  } else res.status(status === '200' ? 200 : 204).end();
}

/** The hostedUrl: serves what step 2 stored (or a shipped demo file) with its content type; no auth, like a CDN. */
async function serve(req: Request, res: Response, ctx: Ctx): Promise<void> {
  const key = (req.params['key'] as unknown as string[]).join('/'); // Express has decoded each segment
  const asset = assetOfKey(ctx, key);
  const bytes = asset?.bytes === 'upload' ? await ctx.blobs.get(key) : asset?.bytes?.startsWith('fixture:') ? fixtureFile(asset.bytes.slice('fixture:'.length)) : undefined;
  if (!asset || !bytes) return s3Error(res, ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
  res.status(200).set({ 'Content-Type': asset.contentType, 'Cache-Control': 'max-age=31536000, must-revalidate', ETag: `"${createHash('md5').update(bytes).digest('hex')}"` }).send(bytes);
}

export function s3Routes(router: Router, context: (req: Request) => Ctx): void {
  const form = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_BYTES + 1, files: 2, fields: 50 } }).any();
  router.post(['/__s3/:bucket', '/__s3/:bucket/*key'], (req, res) => {
    form(req, res, (err?: unknown) => {
      const ctx = context(req);
      if ((err as { code?: string } | undefined)?.code === 'LIMIT_FILE_SIZE') return s3Error(res, ctx, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      if (err) return s3Error(res, ctx, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
      upload(req, res, ctx).catch((e: unknown) => {
        ctx.log.error({ err: e }, 'webflow: upload failed');
        s3Error(res, ctx, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      });
    });
  });
  router.get('/__cdn/*key', (req, res, next) => {
    serve(req, res, context(req)).catch(next);
  });
}
