import type { ActionhubExchange } from './request.js';

export interface PageQuery {
  search: string;
  page: number;
  size: number;
}

/** `search`, `page`, `size` after validation (defaults filled in by the validator from the spec). */
export function pageQuery(ex: ActionhubExchange): PageQuery {
  const q = ex.query;
  return { search: String(q['search'] ?? ''), page: Number(q['page'] ?? 1), size: Number(q['size'] ?? 50) };
}

/** fastapi-pagination's Page: `{items, total, page, size}`; items filtered by a case-insensitive substring (ASSUMED). */
export function paginate<T, U>(all: T[], q: PageQuery, haystack: (item: T) => (string | null | undefined)[], render: (item: T) => U) {
  const needle = q.search.toLowerCase();
  const hits = needle ? all.filter((item) => haystack(item).some((h) => h?.toLowerCase().includes(needle))) : all;
  const start = (q.page - 1) * q.size;
  return { items: hits.slice(start, start + q.size).map(render), total: hits.length, page: q.page, size: q.size };
}

/** The program-id header (its first value), already required by the spec: the tenant of every call. */
export function programId(ex: ActionhubExchange): string {
  const id = ex.headers['program-id'];
  return (ex.tenant ??= typeof id === 'string' ? id : '');
}
