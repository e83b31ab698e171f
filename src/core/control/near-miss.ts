import type { Schema } from '../admin/types.js';

/** One of the operations closest to an unmatched request, as the journal shows it. */
export type NearMiss = Schema<'NearMiss'>;

/** What near misses are looked for in: each service's name (its prefix) and its spec's operations. */
export interface NearMissService {
  name: string;
  operations: readonly { method: string; path: string; operationId: string }[];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * The operations closest to a request that matched none (WireMock's near misses): edit distance between
 * the request path and each operation's path, its `{params}` counted as matching any one segment, plus
 * a step for a different method.
 */
export function nearMisses(services: readonly NearMissService[], method: string, fullPath: string, limit = 3): NearMiss[] {
  const out: NearMiss[] = [];
  for (const svc of services) {
    const prefix = `/${svc.name}`;
    const path = fullPath.startsWith(`${prefix}/`) ? fullPath.slice(prefix.length) : fullPath;
    const segments = path.split('/');
    for (const op of svc.operations) {
      const template = op.path.split('/');
      const filled = template.map((t, i) => (/^\{.+\}$/.test(t) && segments[i] !== undefined ? segments[i]! : t)).join('/');
      const distance = editDistance(fullPath.startsWith(prefix) ? path : fullPath, filled) + (op.method.toUpperCase() === method ? 0 : 3);
      out.push({ service: svc.name, method: op.method.toUpperCase(), path: op.path, operationId: op.operationId, distance });
    }
  }
  return out.sort((a, b) => a.distance - b.distance).slice(0, limit);
}
