import type { ServiceContext } from '../../core/service/module.js';
import { amzDate as toAmzDate, sameSignature, sigV4, signingSecret } from '../../core/files/sigv4.js';
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

/** The S3 browser-POST fields of step 2, in Webflow's key order and spelling (the AssetUpload schema of webflow/openapi-spec v2.yml). */
export async function mintUploadDetails(ctx: ServiceContext<WebflowData>, key: string, contentType: string) {
  const now = ctx.clock.now();
  const amzDate = toAmzDate(now);
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
    'X-Amz-Signature': sigV4(await signingSecret(ctx, 'upload'), amzDate.slice(0, 8), REGION, 's3', policy),
    success_action_status: '201',
    'content-type': contentType,
    'Cache-Control': CACHE_CONTROL,
  };
}

/** Whether `signature` is the one Standin made for this policy text, as received, under this credential's day and region. */
export function signatureMatches(ctx: ServiceContext<WebflowData>, policy: string, signature: string, date: string, region: string): boolean {
  const key = ctx.store.shared.get('secrets', 'upload')?.value;
  if (!key) return false;
  return sameSignature(sigV4(key, date, region, 's3', policy), signature);
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
