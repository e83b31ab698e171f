import type { Schema } from '../admin/types.js';
import { globToRegExp } from './glob.js';

/**
 * What a test asks about the requests a service received (WireMock's request pattern, in JSON): the admin
 * spec's Matcher. `path` is relative to the service prefix, glob allowed; `headers` and `query` map names to
 * an exact value or glob, matched against the value as sent or as the journal shows it; `body` is partial
 * JSON the request body (as the journal shows it) must contain.
 */
export type RequestMatcher = Schema<'Matcher'>;

export interface Matchable {
  service: string | null;
  method: string;
  path: string;
  /** As the journal shows them (secrets masked). */
  headers: Record<string, string>;
  /** As sent. */
  sentHeaders: Record<string, string>;
  query: Record<string, string | string[]>;
  sentQuery: Record<string, string | string[]>;
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

type Pairs = (readonly [string, RegExp])[];

const compilePairs = (m: Record<string, string> | undefined, lower: boolean): Pairs =>
  Object.entries(m ?? {}).map(([k, v]) => [lower ? k.toLowerCase() : k, globToRegExp(v)] as const);

function valueMatches(re: RegExp, v: string | string[] | undefined): boolean {
  if (v === undefined) return false;
  return Array.isArray(v) ? v.some((x) => re.test(x)) : re.test(v);
}

/** Every pair matches the values as sent or as shown (so `Bearer ***` and the real token both do). */
function pairsMatch(pairs: Pairs, sent: () => Record<string, string | string[]>, shown: () => Record<string, string | string[]>): boolean {
  if (!pairs.length) return true;
  const a = sent();
  const b = shown();
  return pairs.every(([k, re]) => (Object.hasOwn(a, k) && valueMatches(re, a[k])) || (Object.hasOwn(b, k) && valueMatches(re, b[k])));
}

/** Compiles a matcher once (globs become regexps) into a predicate. */
export function compileMatcher(m: RequestMatcher): (e: Matchable) => boolean {
  const path = m.path === undefined ? undefined : globToRegExp(m.path);
  const method = m.method?.toUpperCase();
  const headers = compilePairs(m.headers, true);
  const query = compilePairs(m.query, false);
  return (e) =>
    (m.service === undefined || e.service === m.service) &&
    (method === undefined || e.method === method) &&
    (path === undefined || path.test(e.path)) &&
    (m.status === undefined || e.status === m.status) &&
    pairsMatch(headers, () => e.sentHeaders, () => e.headers) &&
    pairsMatch(query, () => e.sentQuery, () => e.query) &&
    (m.body === undefined || containsJson(e.body, m.body));
}
