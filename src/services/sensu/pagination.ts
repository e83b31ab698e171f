/** Go's strconv.Atoi: an optional sign and ASCII digits, nothing else. */
export function atoi(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** base64.RawURLEncoding.DecodeString: URL alphabet, no padding; anything else fails. */
function decodeContinue(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}

export function encodeContinue(key: string): string {
  return Buffer.from(`${key}\0`, 'utf8').toString('base64url');
}

/**
 * Sensu 5.11's list paging (5.11.0 backend/apid/actions/lister.go and the etcd store's continue tokens) over items sorted by `key`: start at the decoded continue key
 * (inclusive; real tokens end in \0, so after the last item), take `limit` (absent, unparsable, 0 or
 * negative: everything), and hand back a continue token only when more items remain.
 */
export function paginate<T>(sorted: T[], key: (item: T) => string, query: Record<string, unknown>): { items: T[]; next?: string } {
  const limit = atoi(typeof query['limit'] === 'string' ? query['limit'] : undefined) ?? 0;
  const from = typeof query['continue'] === 'string' ? decodeContinue(query['continue']) : undefined;
  let start = 0;
  if (from !== undefined) {
    while (start < sorted.length && key(sorted[start]!) < from) start++;
  }
  const rest = start === 0 ? sorted : sorted.slice(start);
  if (limit <= 0 || rest.length <= limit) return { items: rest };
  const items = rest.slice(0, limit);
  return { items, next: encodeContinue(key(items[items.length - 1]!)) };
}
