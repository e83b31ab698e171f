import { createHmac, randomBytes } from 'node:crypto';

/** What the journal shows instead of a secret. */
export const MASK = '***';

/*
 * The rule, for header names, query parameters, form fields and JSON keys at any depth alike: a name
 * holding a secret contains key, token, secret, password (passwd), auth, session, signature, credential
 * or cookie, in any case and anywhere in it, or is `sig` (alone or as a word: `url_sig`, `x-sig`,
 * `urlSig`), or is `policy` (S3's presigned POST policy). Broad on purpose: a false positive hides a
 * value in the journal, a false negative shows a secret.
 */
const SECRET_PART = /key|token|secret|passw(?:or)?d|auth|session|signature|credential|cookie/i;
const SIG_WORD = /(?:^|[^a-z])sig(?:$|[^a-z])/i;
const SIG_CAMEL = /[a-z0-9]Sig(?![a-z])/;
const POLICY = /^policy$/i;

/** Header names a service's spec declares as API keys (securitySchemes `in: header`), masked whatever they are called. */
const DECLARED = new Set<string>();

export function maskHeaderNamed(name: string): void {
  DECLARED.add(name.toLowerCase());
}

/** Whether a header, query parameter, form field or JSON key of this name holds a secret. */
export function secretName(name: string): boolean {
  return SECRET_PART.test(name) || SIG_WORD.test(name) || SIG_CAMEL.test(name) || POLICY.test(name) || DECLARED.has(name.toLowerCase());
}

// A per-process key: a masked value is compared by its keyed digest, so an exact value can still be
// matched, while nothing a caller can send tells anything about a part of it. Instances sharing a
// journal (PostgreSQL) share the key too, so a digest one stored matches a value another is asked for.
let DIGEST_KEY: Buffer = randomBytes(32);

/** Uses the key instances on one database share (state/pg/control.ts). */
export function shareDigestKey(key: Buffer): void {
  DIGEST_KEY = key;
}

/** A secret as matchers compare it: its keyed digest. */
export function secretDigest(value: string): string {
  return createHmac('sha256', DIGEST_KEY).update(value).digest('base64');
}

export type HeadersIn = Readonly<Record<string, string | string[] | number | undefined>>;

/** A header's value as one string (a repeated one joined as Node does). */
export const headerValue = (v: string | string[] | number): string => (Array.isArray(v) ? v.join(', ') : String(v));

/** Headers as the journal shows them: secrets masked (an Authorization keeps its scheme). */
export function maskHeaders(h: HeadersIn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const value = headerValue(v);
    if (!secretName(k)) out[k] = value;
    else out[k] = /^(Bearer|Basic|Digest|Key|Token|AWS4-HMAC-SHA256)\s/i.test(value) ? `${value.split(/\s/)[0]} ${MASK}` : MASK;
  }
  return out;
}

// A presigned URL handed out in a body carries its signature in its query.
const SIGNED_URL = /([?&]X-Amz-Signature=)[^&#]*/gi;

/** A JSON value with the values of secret-named keys masked whole, whatever their type, and presigned URLs' signatures masked (a copy; `__proto__` stays a plain key). */
export function maskJson(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(SIGNED_URL, `$1${MASK}`);
  if (Array.isArray(v)) return v.map(maskJson);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const value = secretName(k) && x !== null ? MASK : maskJson(x);
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Where the JSON value starting at `i` ends (a cut-off one ends with the text). */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j]!;
    if (c === '"') {
      for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      if (depth === 0) return Math.min(j + 1, text.length);
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return j;
      if (--depth === 0) return j + 1;
    } else if (depth === 0 && (c === ',' || /\s/.test(c))) return j;
  }
  return text.length;
}

/** JSON-like text (a cut-off JSON body): each secret-named key's value, of any type, masked whole. One pass. */
function maskJsonText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let j = i + 1;
    for (; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
    const name = text.slice(i + 1, j);
    let k = j + 1;
    while (k < text.length && /\s/.test(text[k]!)) k++;
    if (text[k] !== ':' || !secretName(name)) {
      i = j;
      continue;
    }
    for (k++; k < text.length && /\s/.test(text[k]!); k++);
    const end = valueEnd(text, k);
    if (text.startsWith('null', k) && end === k + 4) {
      i = end - 1;
      continue;
    }
    out += `${text.slice(from, k)}"${MASK}"`;
    from = end;
    i = end - 1;
  }
  return out + text.slice(from);
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** `name=value&…` form text with secret-named values masked. */
function maskFormText(text: string): string {
  return text.replace(/(^|&)([^=&]*)=([^&]*)/g, (all, lead: string, name: string) => (secretName(decodedName(name)) ? `${lead}${name}=${MASK}` : all));
}

/** Text that is not (whole) JSON: secret `"name": value` pairs and `name=value` form pairs masked. */
export function maskText(text: string): string {
  return /^\s*[[{]/.test(text) ? maskJsonText(text) : maskFormText(maskJsonText(text));
}
