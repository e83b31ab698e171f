/** What the journal shows instead of a secret. */
export const MASK = '***';

// Mockoon's list and more: credentials, sessions and signatures, by header name.
const MASKED = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-amz-security-token']);
const MASKED_HEADER = /(^|-)(api-?key|token|auth-?token|access-?token|secret|password|signature)$/;

/** Header names a service's spec declares as API keys (securitySchemes `in: header`), masked as well. */
export function maskHeaderNamed(name: string): void {
  MASKED.add(name.toLowerCase());
}

function secretHeader(name: string): boolean {
  return MASKED.has(name) || MASKED_HEADER.test(name);
}

export type HeadersIn = Readonly<Record<string, string | string[] | number | undefined>>;

/** Headers as the journal shows them: secrets masked (an Authorization keeps its scheme). */
export function maskHeaders(h: HeadersIn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    if (!secretHeader(k)) out[k] = value;
    else out[k] = /^(Bearer|Basic|Key|AWS4-HMAC-SHA256)\s/i.test(value) ? `${value.split(/\s/)[0]} ${MASK}` : MASK;
  }
  return out;
}

/** Keys of body fields, form fields and query parameters whose values are secrets. */
const SECRET_NAME = /^(access[_-]?token|refresh[_-]?token|id[_-]?token|token|password|passwd|secret|client[_-]?secret|api[_-]?key|x-api-key|x-amz-signature|x-amz-security-token|signature|policy)$/i;

/** Whether a body field, form field or query parameter of this name holds a secret. */
export function secretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

// A presigned URL handed out in a body carries its signature in its query.
const SIGNED_URL = /([?&]X-Amz-Signature=)[^&#]*/gi;

/** A JSON value with the values of secret-named keys, and presigned URLs' signatures, masked (a copy; `__proto__` stays a plain key). */
export function maskJson(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(SIGNED_URL, `$1${MASK}`);
  if (Array.isArray(v)) return v.map(maskJson);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const value = SECRET_NAME.test(k) && (typeof x === 'string' || typeof x === 'number') ? MASK : maskJson(x);
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// For text that is not (whole) JSON: `"name": "value"` pairs and `name=value` form pairs.
const SECRET_JSON_PAIR = /("(?:access_token|refresh_token|id_token|token|password|secret|client_secret|api_key|X-Amz-Signature|X-Amz-Security-Token|signature|Policy)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const SECRET_FORM_PAIR = /(^|&)((?:access_token|refresh_token|id_token|token|password|secret|client_secret|api_key|X-Amz-Signature|X-Amz-Security-Token|signature|Policy)=)[^&]*/gi;

/** Text that is not (whole) JSON, with secret `"name": "value"` and `name=value` pairs masked. */
export function maskText(text: string): string {
  return text.replace(SECRET_JSON_PAIR, `$1"${MASK}"`).replace(SECRET_FORM_PAIR, `$1$2${MASK}`);
}
