import { globToRegExp } from './glob.js';

/** What a test asks about the requests a service received (WireMock's request pattern, in JSON). */
export interface RequestMatcher {
  service?: string;
  method?: string;
  /** Relative to the service prefix; glob allowed. */
  path?: string;
  /** Header name → exact value or glob. */
  headers?: Record<string, string>;
  /** Partial JSON: the request body must contain it. */
  body?: unknown;
  status?: number;
}

export interface Matchable {
  service: string | null;
  method: string;
  path: string;
  headers: Record<string, string>;
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

/** Compiles a matcher once (globs become regexps) into a predicate. */
export function compileMatcher(m: RequestMatcher): (e: Matchable) => boolean {
  const path = m.path === undefined ? undefined : globToRegExp(m.path);
  const method = m.method?.toUpperCase();
  const headers = Object.entries(m.headers ?? {}).map(([k, v]) => [k.toLowerCase(), globToRegExp(v)] as const);
  return (e) =>
    (m.service === undefined || e.service === m.service) &&
    (method === undefined || e.method === method) &&
    (path === undefined || path.test(e.path)) &&
    (m.status === undefined || e.status === m.status) &&
    headers.every(([k, re]) => e.headers[k] !== undefined && re.test(e.headers[k]!)) &&
    (m.body === undefined || containsJson(e.body, m.body));
}
