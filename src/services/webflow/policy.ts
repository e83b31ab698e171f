import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../../core/service/module.js';
import type { WebflowData } from './store.js';

export const BUCKET = 'webflow-prod-assets';
export const ACCESS_KEY = 'AKIASTANDINEXAMPLE00';
export const REGION = 'us-east-1';
/** How long an upload policy is good for (ASSUMED). */
export const POLICY_TTL_MS = 60 * 60 * 1000;
export const CACHE_CONTROL = 'max-age=31536000, must-revalidate';

export interface PolicyDocument {
  expiration: string;
  conditions: (Record<string, string> | [string, string | number, string | number])[];
}

/** The secret Standin signs upload policies with, made once per db and kept in the store. */
async function secret(ctx: ServiceContext<WebflowData>): Promise<string> {
  const stored = ctx.store.shared.get('secrets', 'upload');
  if (stored) return stored.value;
  const value = ctx.random.hex(32);
  await ctx.store.write((tx) => tx.shared.put('secrets', 'upload', { value }));
  return value;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** SigV4 for a POST policy: the hex HMAC of the base64 policy under the key for the credential's day and region. */
function sign(secretKey: string, date: string, region: string, policy: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(policy).digest('hex');
}

/** The S3 browser-POST fields of step 2, in Webflow's key order and spelling (the AssetUpload schema of webflow/openapi-spec v2.yml). */
export async function mintUploadDetails(ctx: ServiceContext<WebflowData>, key: string, contentType: string) {
  const now = ctx.clock.now();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const credential = `${ACCESS_KEY}/${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const doc: PolicyDocument = {
    expiration: new Date(now.getTime() + POLICY_TTL_MS).toISOString(),
    conditions: [
      { acl: 'public-read' },
      { bucket: BUCKET },
      { key },
      // Any status the client asks S3 for (201, 200 or 204; ASSUMED: Webflow's policy is opaque).
      ['starts-with', '$success_action_status', ''],
      { 'content-type': contentType },
      { 'cache-control': CACHE_CONTROL },
      { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
      { 'x-amz-credential': credential },
      { 'x-amz-date': amzDate },
      ['content-length-range', 0, 10 * 1024 * 1024],
    ],
  };
  const policy = Buffer.from(JSON.stringify(doc)).toString('base64');
  return {
    acl: 'public-read',
    bucket: BUCKET,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': amzDate,
    key,
    Policy: policy,
    'X-Amz-Signature': sign(await secret(ctx), amzDate.slice(0, 8), REGION, policy),
    success_action_status: '201',
    'content-type': contentType,
    'Cache-Control': CACHE_CONTROL,
  };
}

/** Whether `signature` is the one Standin made for this policy text, as received, under this credential's day and region. */
export function signatureMatches(ctx: ServiceContext<WebflowData>, policy: string, signature: string, date: string, region: string): boolean {
  const key = ctx.store.shared.get('secrets', 'upload')?.value;
  if (!key) return false;
  const expected = Buffer.from(sign(key, date, region, policy));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The decoded policy, or undefined when it is not a policy document. */
export function parsePolicy(policy: string): PolicyDocument | undefined {
  try {
    const doc = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as Partial<PolicyDocument> | null;
    return doc && typeof doc.expiration === 'string' && Array.isArray(doc.conditions) ? (doc as PolicyDocument) : undefined;
  } catch {
    return undefined;
  }
}
