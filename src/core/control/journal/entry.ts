import { isJsonMediaType } from '../../pipeline/body.js';
import type { Schema } from '../../admin/types.js';
import type { FormParts } from '../../service/exchange.js';
import type { NearMiss } from '../near-miss.js';
import type { Matchable } from '../match.js';
import { headerValue, maskHeaders, maskJson, maskText, MASK, secretDigest, secretName, type HeadersIn } from './masking.js';

/** Bodies are kept up to this size per request and per response, so the journal's memory stays bounded. */
export const BODY_CAP = 8 * 1024;

/** What a journal slot holds of each body: the cap, and one byte more to tell a truncated body. */
export const KEPT = BODY_CAP + 1;

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
  headers: HeadersIn;
  requestBody: Buffer | undefined;
  requestType: string | undefined;
  requestForm?: FormParts;
  status: number;
  responseHeaders: HeadersIn;
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

/** An entry as the admin API shows it (the admin spec's JournalEntry): secrets masked, bodies parsed. */
export type JournalEntry = Schema<'JournalEntry'>;

/** A body cut to what the journal keeps (one byte past the cap marks it truncated), as a copy. */
export function keptBody(b: Buffer | undefined): Buffer | undefined {
  return b && b.length > BODY_CAP ? Buffer.from(b.subarray(0, BODY_CAP + 1)) : b;
}

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
  return { body: maskText(text), truncated };
}

function readForm(form: FormParts): unknown {
  return { fields: maskJson(form.fields), files: form.files };
}

type Values = Record<string, string | string[]>;

/** A query string as name → value(s); `shown` masks secret-named values, `sent` leaves them out. */
function parseQuery(q: string, as: 'shown' | 'sent'): Values {
  const out: Values = {};
  for (const [k, raw] of new URLSearchParams(q)) {
    const secret = secretName(k);
    if (secret && as === 'sent') continue;
    const v = secret ? MASK : raw;
    const prev = out[k];
    if (prev === undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Headers as sent, but those holding secrets, for matchers that name a value. */
function plainHeaders(h: HeadersIn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !secretName(k)) out[k] = headerValue(v);
  return out;
}

/** The secrets of an entry's headers and query, as keyed digests of their values (worked out once). */
interface Digests {
  headers: Record<string, string[]>;
  query: Record<string, string[]>;
}

function digestsOf(e: RawEntry): Digests {
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of Object.entries(e.headers)) if (v !== undefined && secretName(k)) headers[k] = [secretDigest(headerValue(v))];
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of new URLSearchParams(e.query)) if (secretName(k)) (query[k] ??= []).push(secretDigest(v));
  return { headers, query };
}

/** The public form of an entry (cached: entries never change once recorded). */
const views = new WeakMap<RawEntry, JournalEntry>();
export function view(e: RawEntry): JournalEntry {
  let v = views.get(e);
  if (v) return v;
  const req = e.requestForm ? { body: readForm(e.requestForm), truncated: false } : readBody(e.requestBody, e.requestType);
  const res = readBody(e.responseBody, e.responseType);
  v = {
    id: e.id, sandbox: e.sandbox, service: e.service, method: e.method, path: e.path, query: parseQuery(e.query, 'shown'), headers: maskHeaders(e.headers),
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

const digests = new WeakMap<RawEntry, Digests>();
const digested = (e: RawEntry): Digests => {
  let d = digests.get(e);
  if (!d) digests.set(e, (d = digestsOf(e)));
  return d;
};

/** An entry as a matcher reads it: as shown (masked), as sent (but secrets) and secrets as digests, each worked out only if asked for. */
export function matchable(e: RawEntry): Matchable {
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
    get headerDigests() {
      return digested(e).headers;
    },
    get sentQuery() {
      return parseQuery(e.query, 'sent');
    },
    get queryDigests() {
      return digested(e).query;
    },
    get body() {
      return view(e).body;
    },
  };
}

/** What a shared journal (state/pg/journal.ts) keeps of an entry besides its view: what matchers read that the view masks or leaves out. */
export interface StoredMatch {
  sentHeaders: Record<string, string>;
  sentQuery: Values;
  headerDigests: Record<string, string[]>;
  queryDigests: Record<string, string[]>;
}

export function storedMatch(e: RawEntry): StoredMatch {
  const d = digested(e);
  return { sentHeaders: plainHeaders(e.headers), sentQuery: parseQuery(e.query, 'sent'), headerDigests: d.headers, queryDigests: d.query };
}

/** A stored entry as a matcher reads it: the same answers `matchable` gives for the entry it was made from. */
export function storedMatchable(v: JournalEntry, s: StoredMatch): Matchable {
  return { service: v.service, method: v.method, path: v.path, status: v.status, headers: v.headers, query: v.query as Values, body: v.body, ...s };
}
