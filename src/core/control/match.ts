import type { Schema } from '../admin/types.js';
import { compileGlob, type Glob } from './glob.js';
import { secretDigest } from './journal/masking.js';

/**
 * What a test asks about the requests a service received (WireMock's request pattern, in JSON): the admin
 * spec's Matcher. `path` is relative to the service prefix, glob allowed; `headers` and `query` map names to
 * an exact value or glob, matched against the value as sent (a masked one only exactly, as sent or as the
 * journal shows it); `body` is partial JSON the request body (as the journal shows it) must contain.
 */
export type RequestMatcher = Schema<'Matcher'>;

type Values = Record<string, string | string[]>;

export interface Matchable {
  service: string | null;
  method: string;
  path: string;
  /** As the journal shows them (secrets masked). */
  headers: Record<string, string>;
  /** As sent, but those holding secrets. */
  sentHeaders: Record<string, string>;
  /** Those holding secrets, as keyed digests of the values sent (see masking.ts). */
  headerDigests: Record<string, string[]>;
  query: Values;
  sentQuery: Values;
  queryDigests: Record<string, string[]>;
  body: unknown;
  status: number;
}

/** `actual` contains `expected`: objects by key, arrays element by element (each expected one somewhere). */
export function containsJson(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected) || actual === expected;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e) => actual.some((a) => containsJson(a, e)));
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && containsJson((actual as Record<string, unknown>)[k], v));
}

/** One name's wanted value: a glob over the value as sent, and its digest, for a secret's exact value. */
interface Pair {
  name: string;
  glob: Glob;
  digest: () => string;
}

const compilePairs = (m: Record<string, string> | undefined, lower: boolean): Pair[] =>
  Object.entries(m ?? {}).map(([k, v]) => {
    let digest: string | undefined;
    return { name: lower ? k.toLowerCase() : k, glob: compileGlob(v), digest: () => (digest ??= secretDigest(v)) };
  });

function valueMatches(glob: Glob, v: string | string[] | undefined): boolean {
  if (v === undefined) return false;
  return Array.isArray(v) ? v.some((x) => glob.test(x)) : glob.test(v);
}

const has = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

const isExactly = (v: string | string[] | undefined, wanted: string): boolean => (Array.isArray(v) ? v.includes(wanted) : v === wanted);

/**
 * Every pair matches: a glob over the value as sent, or exactly the value as shown (`***`, `Bearer ***`).
 * A secret is left out of the values as sent, so no glob ever reads it (nor a piece of it): it matches
 * only exactly, compared by keyed digest.
 */
function pairsMatch(pairs: Pair[], sent: () => Values, shown: () => Values, secrets: () => Record<string, string[]>): boolean {
  if (!pairs.length) return true;
  const a = sent();
  const b = shown();
  return pairs.every(({ name, glob, digest }) => valueMatches(glob, has(a, name)) || isExactly(has(b, name), glob.source) || (has(secrets(), name)?.includes(digest()) ?? false));
}

/** Compiles a matcher once (globs become automata) into a predicate. */
export function compileMatcher(m: RequestMatcher): (e: Matchable) => boolean {
  const path = m.path === undefined ? undefined : compileGlob(m.path);
  const method = m.method?.toUpperCase();
  const headers = compilePairs(m.headers, true);
  const query = compilePairs(m.query, false);
  return (e) =>
    (m.service === undefined || e.service === m.service) &&
    (method === undefined || e.method === method) &&
    (path === undefined || path.test(e.path)) &&
    (m.status === undefined || e.status === m.status) &&
    pairsMatch(headers, () => e.sentHeaders, () => e.headers, () => e.headerDigests) &&
    pairsMatch(query, () => e.sentQuery, () => e.query, () => e.queryDigests) &&
    (m.body === undefined || containsJson(e.body, m.body));
}
