import { posix } from 'node:path';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { Exchange } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';

/** gorilla/mux's cleanPath: a non-canonical path answers 301 to the clean one. */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  const cleaned = posix.normalize(p.startsWith('/') ? p : `/${p}`).replace(/\/+$/, '') || '/';
  return p.endsWith('/') && cleaned !== '/' ? `${cleaned}/` : cleaned;
}

/** Go's server refuses a request line with a bad %-escape before any handler sees it. */
const hasBadEscape = (path: string) => /%(?![0-9a-fA-F]{2})/.test(path);

/**
 * Before any route: Go's server refuses a request line with a bad %-escape (400), and mux cleans the
 * path before it routes, so `/namespaces/../assets` is a 301 to the clean path, not a namespace `..`.
 */
export function requestLine(ex: Exchange<SensuData>): void {
  if (hasBadEscape(ex.path)) throw new ServiceError<SensuProblem>({ kind: 'bad_request_line' });
  const clean = cleanPath(ex.path);
  if (clean !== ex.path) throw new ServiceError<SensuProblem>({ kind: 'moved', location: `${ex.mount}${clean}${ex.rawQuery ? `?${ex.rawQuery}` : ''}` });
}
