/** A fixed window of requests: when it started and how many it has counted (this one included). */
export interface Window {
  start: number;
  count: number;
}

/**
 * Counts requests by key in fixed windows (a rate limit). In memory by default; where instances share a
 * database, the count is there (state/pg/windows.ts), so a limit holds across instances.
 */
export interface WindowCounter {
  /** Counts one request at `now`; a window older than `windowMs` (or in the future) starts again. */
  count(key: string, now: number, windowMs: number): Window | Promise<Window>;
}

function isWindow(v: unknown): v is Window {
  return typeof v === 'object' && v !== null && 'start' in v && 'count' in v;
}

/** Windows kept in a service's per-runtime memory (lost on restart, cleared by a reset). */
export function memoryWindows(memory: Map<string, unknown>): WindowCounter {
  return {
    count(key, now, windowMs) {
      const seen = memory.get(key);
      let w = isWindow(seen) ? seen : undefined;
      if (!w || now - w.start >= windowMs || now < w.start) memory.set(key, (w = { start: now, count: 0 }));
      w.count++;
      return { start: w.start, count: w.count };
    },
  };
}
