import { amzDate, sameSignature, sha256Hex, sigV4 } from './sigv4.js';
import { s3Fail } from './s3-errors.js';

/** Who signs a bucket's presigned URLs: the access key named in them, its secret and the bucket's region. */
export interface Signer {
  accessKey: string;
  secret: string;
  region: string;
}

/** S3's longest presigned URL lifetime (a week). */
export const MAX_EXPIRES = 604800;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];

// RFC 3986 encoding, as SigV4 canonicalises names, values and path segments.
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `/bucket/key` with each segment encoded, `/` kept: the canonical URI and the path the URL carries. */
export const objectPath = (bucket: string, key: string) => `/${[bucket, ...key.split('/')].map(uriEncode).join('/')}`;

const canonicalQuery = (params: [string, string][]) =>
  params
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

/**
 * SigV4's canonical request and string to sign for a GET. The host is left out (Standin is reached
 * under many hosts: its own, `--public-url`, a `--service-port`), so only Standin can check these.
 */
function stringToSign(path: string, params: [string, string][], date: string, scope: string) {
  const canonical = ['GET', path, canonicalQuery(params), '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  return { canonical, toSign: [ALGORITHM, date, scope, sha256Hex(canonical)].join('\n') };
}

/** The query string of a presigned GET of `/bucket/key` (S3's query-string authentication), good for `expiresSeconds`. */
export function presignGet(signer: Signer, bucket: string, key: string, now: Date, expiresSeconds: number, extra: [string, string][] = []): string {
  const date = amzDate(now);
  const scope = `${date.slice(0, 8)}/${signer.region}/s3/aws4_request`;
  const params: [string, string][] = [
    ...extra,
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${signer.accessKey}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const signature = sigV4(signer.secret, date.slice(0, 8), signer.region, 's3', stringToSign(objectPath(bucket, key), params, date, scope).toSign);
  const signed: [string, string][] = [...params, ['X-Amz-Signature', signature]];
  return signed.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
}

const queryError = (message: string, extra: [string, string][] = []) => s3Fail(400, 'AuthorizationQueryParametersError', message, extra);

/** `20260301T100000Z` → epoch ms, or NaN. */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Checks a presigned GET of `/bucket/key` as S3 does, in S3's order: anonymous (the bucket is private),
 * the algorithm, the required parameters, the lifetime, the credential, expiry, then the signature.
 * Throws S3's error; returns the `response-*` overrides the URL carries.
 */
export function checkPresigned(signer: Signer, bucket: string, key: string, rawQuery: string, nowMs: number): Map<string, string> {
  const params = [...new URLSearchParams(rawQuery)];
  const get = (name: string) => params.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (!['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].some((n) => get(n) !== undefined)) throw s3Fail(403, 'AccessDenied', 'Access Denied');
  const algorithm = get('X-Amz-Algorithm');
  if (algorithm !== undefined && algorithm !== ALGORITHM) throw queryError(`X-Amz-Algorithm only supports "${ALGORITHM}"`, [['X-Amz-Algorithm', algorithm]]);
  if (REQUIRED.some((n) => get(n) === undefined)) {
    throw queryError('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const expiresText = get('X-Amz-Expires')!;
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (Number.isNaN(expires)) throw queryError('X-Amz-Expires should be a number', [['X-Amz-Expires', expiresText]]);
  if (expires > MAX_EXPIRES) throw queryError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES}`, [['X-Amz-Expires', expiresText]]);
  const date = get('X-Amz-Date')!;
  const signedAt = parseAmzDate(date);
  if (Number.isNaN(signedAt)) throw queryError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', [['X-Amz-Date', date]]);
  const credential = get('X-Amz-Credential')!;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[3] !== 's3' || scope[4] !== 'aws4_request') {
    throw queryError('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".', [['X-Amz-Credential', credential]]);
  }
  const [akid, day, region] = scope as [string, string, string];
  if (akid !== signer.accessKey) throw s3Fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', [['AWSAccessKeyId', akid]]);
  if (region !== signer.region) throw queryError(`Error parsing the X-Amz-Credential parameter; the region '${region}' is wrong; expecting '${signer.region}'`, [['Region', signer.region]]);
  if (nowMs > signedAt + expires * 1000) {
    throw s3Fail(403, 'AccessDenied', 'Request has expired', [['X-Amz-Expires', expiresText], ['Expires', isoSeconds(signedAt + expires * 1000)], ['ServerTime', isoSeconds(nowMs)]]);
  }
  const { canonical, toSign } = stringToSign(objectPath(bucket, key), params, date, scope.slice(1).join('/'));
  const signature = get('X-Amz-Signature')!;
  if (!sameSignature(sigV4(signer.secret, day, region, 's3', toSign), signature)) {
    const bytes = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw s3Fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', [
      ['AWSAccessKeyId', akid],
      ['StringToSign', toSign],
      ['SignatureProvided', signature],
      ['StringToSignBytes', bytes(toSign)],
      ['CanonicalRequest', canonical],
      ['CanonicalRequestBytes', bytes(canonical)],
    ]);
  }
  return new Map(params.filter(([k]) => k.startsWith('response-')));
}
