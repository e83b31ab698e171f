import type { Response } from 'express';
import { isJsonMediaType } from '../pipeline/body.js';
import type { NearMiss } from './near-miss.js';
import { BodySlab } from './body-slab.js';
import { compileMatcher, type Matchable, type RequestMatcher } from './match.js';

/** Bodies are kept up to this size per request and per response, so the journal's memory stays bounded. */
export const BODY_CAP = 8 * 1024;

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

/** Headers as the journal shows them: secrets masked (an Authorization keeps its scheme). */
function maskHeaders(h: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    if (!secretHeader(k)) out[k] = value;
    else out[k] = /^(Bearer|Basic|Key|AWS4-HMAC-SHA256)\s/i.test(value) ? `${value.split(/\s/)[0]} ***` : '***';
  }
  return out;
}

/** Headers as sent (unmasked), for matchers that name a value. */
function plainHeaders(h: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** Keys of body fields, form fields and query parameters whose values are secrets. */
const SECRET_NAME = /^(access[_-]?token|refresh[_-]?token|id[_-]?token|token|password|passwd|secret|client[_-]?secret|api[_-]?key|x-api-key|x-amz-signature|x-amz-security-token|signature|policy)$/i;
const MASK = '***';

function maskJson(v: unknown): unknown {
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

/** The fields and files of a multipart form a service parsed itself (its bytes are not kept). */
export interface FormParts {
  fields: Record<string, string>;
  files: { field: string; filename: string; contentType: string; size: number }[];
}

/**
 * One request as recorded. Headers stay as they came until someone reads them; bodies are kept by
 * reference up to BODY_CAP (a larger one as a copy of its first BODY_CAP + 1 bytes), so an entry's
 * memory is bounded whatever was sent.
 */
export interface RawEntry {
  id: string;
  sandbox: string;
  service: string | null;
  method: string;
  path: string;
  query: string;
  headers: Readonly<Record<string, string | string[] | number | undefined>>;
  requestBody: Buffer | undefined;
  requestType: string | undefined;
  requestForm?: FormParts;
  status: number;
  responseHeaders: Readonly<Record<string, string | string[] | number | undefined>>;
  responseBody: Buffer | undefined;
  responseType: string | undefined;
  durationMs: number;
  /** When it was answered, by the simulated clock (ms); shown as ISO-8601. */
  at: number;
  matched: boolean;
  operationId?: string;
  /** Worked out when the entry is first read, not while the request is answered. */
  nearMisses?: () => NearMiss[];
  fault?: string;
  prefer?: string;
}

export type JournalEntry = Omit<RawEntry, 'requestBody' | 'requestType' | 'requestForm' | 'responseBody' | 'responseType' | 'query' | 'headers' | 'responseHeaders' | 'nearMisses' | 'at'> & {
  timestamp: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  response: { headers: Record<string, string>; body: unknown };
  nearMisses?: NearMiss[];
  truncated?: true;
};

export interface JournalFilter extends RequestMatcher {
  sandbox?: string;
  since?: string;
  limit?: number;
  unmatched?: boolean;
}

/** What the journal keeps of a body: itself up to BODY_CAP, else a copy of its start (one byte over, to know). */
/** A body cut to what the journal keeps (one byte past the cap marks it truncated), as a copy. */
export function keptBody(b: Buffer | undefined): Buffer | undefined {
  return b && b.length > BODY_CAP ? Buffer.from(b.subarray(0, BODY_CAP + 1)) : b;
}

/** What a journal slot holds of each body: the cap, and one byte more to tell a truncated body. */
const KEPT = BODY_CAP + 1;

function readBody(raw: Buffer | undefined, type: string | undefined): { body: unknown; truncated: boolean } {
  if (!raw || raw.length === 0) return { body: null, truncated: false };
  const truncated = raw.length > BODY_CAP;
  if (type?.startsWith('multipart/')) return { body: '<multipart body>', truncated };
  const text = raw.subarray(0, BODY_CAP).toString('utf8');
  if (!truncated && (isJsonMediaType(type) || /^\s*[[{]/.test(text))) {
    try {
      return { body: maskJson(JSON.parse(text)), truncated };
    } catch {
      /* not JSON after all: keep the text */
    }
  }
  // Whatever the type says: a JSON-typed form or a truncated JSON body is still masked.
  return { body: text.replace(SECRET_JSON_PAIR, `$1"${MASK}"`).replace(SECRET_FORM_PAIR, `$1$2${MASK}`), truncated };
}

function readForm(form: FormParts): unknown {
  return { fields: maskJson(form.fields), files: form.files };
}

function parseQuery(q: string, mask = true): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, raw] of new URLSearchParams(q)) {
    const v = mask && SECRET_NAME.test(k) ? MASK : raw;
    const prev = out[k];
    if (prev === undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The public form of an entry (cached: entries never change once recorded). */
const views = new WeakMap<RawEntry, JournalEntry>();
export function view(e: RawEntry): JournalEntry {
  let v = views.get(e);
  if (v) return v;
  const req = e.requestForm ? { body: readForm(e.requestForm), truncated: false } : readBody(e.requestBody, e.requestType);
  const res = readBody(e.responseBody, e.responseType);
  v = {
    id: e.id, sandbox: e.sandbox, service: e.service, method: e.method, path: e.path, query: parseQuery(e.query), headers: maskHeaders(e.headers),
    body: req.body, status: e.status, response: { headers: maskHeaders(e.responseHeaders), body: res.body }, durationMs: e.durationMs, timestamp: new Date(e.at).toISOString(),
    matched: e.matched,
    ...(e.operationId ? { operationId: e.operationId } : {}),
    ...(e.nearMisses ? { nearMisses: e.nearMisses() } : {}),
    ...(e.fault ? { fault: e.fault } : {}),
    ...(e.prefer ? { prefer: e.prefer } : {}),
    ...(req.truncated || res.truncated ? { truncated: true as const } : {}),
  };
  views.set(e, v);
  return v;
}

function matchable(e: RawEntry): Matchable {
  return {
    service: e.service,
    method: e.method,
    path: e.path,
    status: e.status,
    get headers() {
      return view(e).headers;
    },
    get sentHeaders() {
      return plainHeaders(e.headers);
    },
    get query() {
      return view(e).query;
    },
    get sentQuery() {
      return parseQuery(e.query, false);
    },
    get body() {
      return view(e).body;
    },
  };
}

/** Every request to every service, newest first, in a ring of fixed size: memory never grows past it. */
export class Journal {
  private ring: (RawEntry | undefined)[];
  private head = 0;
  private seq = 0;
  private readonly subscribers = new Set<{ res: Response; accept: (e: RawEntry) => boolean }>();

  private readonly slab: BodySlab;
  private readonly slots = new WeakMap<RawEntry, number>();

  constructor(readonly size: number) {
    this.ring = new Array<RawEntry | undefined>(size);
    this.slab = new BodySlab(size);
  }

  /** Swaps the entry's bodies (the request's and response's own buffers) for copies in a slot of its own. */
  private keepBodies(e: RawEntry): void {
    const slot = this.slab.take();
    if (slot === undefined) {
      e.requestBody = keptBody(e.requestBody);
      e.responseBody = keptBody(e.responseBody);
      return;
    }
    this.slots.set(e, slot);
    [e.requestBody, e.responseBody] = this.slab.keep(slot, [e.requestBody, e.responseBody], KEPT);
  }

  private drop(e: RawEntry | undefined): void {
    const slot = e && this.slots.get(e);
    if (slot !== undefined) this.slab.release(slot);
  }

  nextId(): string {
    return String(++this.seq);
  }

  /** Records an entry; its bodies may be the request's and response's own buffers (they are copied). */
  add(e: RawEntry): void {
    if (this.size > 0) {
      this.drop(this.ring[this.head]);
      this.keepBodies(e);
      this.ring[this.head] = e;
      this.head = (this.head + 1) % this.size;
    } else {
      e.requestBody = keptBody(e.requestBody);
      e.responseBody = keptBody(e.responseBody);
    }
    for (const s of this.subscribers) if (s.accept(e)) s.res.write(`event: request\ndata: ${JSON.stringify(view(e))}\n\n`);
  }

  private *newestFirst(): Generator<RawEntry> {
    for (let i = 1; i <= this.size; i++) {
      const e = this.ring[(this.head - i + this.size) % this.size];
      if (!e) return;
      yield e;
    }
  }

  /** A predicate for a filter, compiled once. */
  static accept(f: JournalFilter): (e: RawEntry) => boolean {
    const m = compileMatcher(f);
    const since = f.since === undefined ? undefined : Date.parse(f.since);
    return (e) =>
      (f.sandbox === undefined || e.sandbox === f.sandbox) &&
      (f.unmatched === undefined || e.matched === !f.unmatched) &&
      (since === undefined || e.at >= since) &&
      m(matchable(e));
  }

  find(f: JournalFilter): JournalEntry[] {
    const accept = Journal.accept(f);
    const out: JournalEntry[] = [];
    for (const e of this.newestFirst()) {
      if (f.limit !== undefined && out.length >= f.limit) break;
      if (accept(e)) out.push(view(e));
    }
    return out;
  }

  count(f: JournalFilter): number {
    const accept = Journal.accept(f);
    let n = 0;
    for (const e of this.newestFirst()) if (accept(e)) n++;
    return n;
  }

  /** Drops the entries of one sandbox (or all); returns how many. */
  clear(sandbox?: string): number {
    let removed = 0;
    this.ring = this.ring.map((e) => {
      if (e && (sandbox === undefined || e.sandbox === sandbox)) {
        removed++;
        this.drop(e);
        return undefined;
      }
      return e;
    });
    // Compact so the ring stays newest-first contiguous.
    const kept = [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)].filter((e): e is RawEntry => e !== undefined);
    this.ring = new Array<RawEntry | undefined>(this.size);
    kept.forEach((e, i) => (this.ring[i] = e));
    this.head = kept.length % Math.max(this.size, 1);
    return removed;
  }

  subscribe(res: Response, f: JournalFilter): () => void {
    const s = { res, accept: Journal.accept(f) };
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  closeStreams(): void {
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }
}
