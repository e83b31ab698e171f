import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../../core/service-module.js';
import type { WebflowData } from './store.js';

export const BUCKET = 'webflow-prod-assets';
const ACCESS_KEY = 'AKIASTANDINEXAMPLE00';
const REGION = 'us-east-1';
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

const sign = (key: string, policy: string) => createHmac('sha256', key).update(policy).digest('hex');

/** The S3 browser-POST fields of step 2, in Webflow's key order and spelling (research §3.3). */
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
      { success_action_status: '201' },
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
    'X-Amz-Signature': sign(await secret(ctx), policy),
    success_action_status: '201',
    'content-type': contentType,
    'Cache-Control': CACHE_CONTROL,
  };
}

/** The policy document when its signature is ours, else undefined. */
export function verifyPolicy(ctx: ServiceContext<WebflowData>, policy: string, signature: string): PolicyDocument | undefined {
  const key = ctx.store.shared.get('secrets', 'upload')?.value;
  if (!key) return undefined;
  const expected = Buffer.from(sign(key, policy));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as PolicyDocument;
  } catch {
    return undefined;
  }
}
