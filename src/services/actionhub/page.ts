import type { Request } from 'express';
import { firstHeader } from './header.js';

export interface PageQuery {
  search: string;
  page: number;
  size: number;
}

/** `search`, `page`, `size` after validation (defaults filled in by the validator from the spec). */
export function pageQuery(req: Request): PageQuery {
  const q = req.query as Record<string, unknown>;
  return { search: String(q['search'] ?? ''), page: Number(q['page'] ?? 1), size: Number(q['size'] ?? 50) };
}

/** fastapi-pagination's Page: `{items, total, page, size}`; items filtered by a case-insensitive substring (ASSUMED). */
export function paginate<T, U>(all: T[], q: PageQuery, haystack: (item: T) => (string | null | undefined)[], render: (item: T) => U) {
  const needle = q.search.toLowerCase();
  const hits = needle ? all.filter((item) => haystack(item).some((h) => h?.toLowerCase().includes(needle))) : all;
  const start = (q.page - 1) * q.size;
  return { items: hits.slice(start, start + q.size).map(render), total: hits.length, page: q.page, size: q.size };
}

/** The program-id header (its first value), already required by the spec. */
export function programId(req: Request): string {
  return firstHeader(req, 'program-id') ?? '';
}
