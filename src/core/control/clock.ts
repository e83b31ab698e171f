const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The largest time a Date holds (ECMAScript's ±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

/** `'90s'`, `'15m'`, `'2h'`, `'1d'` in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,9})(s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** The simulated clock every service reads its time from, so it can be frozen or set for tests and demos. */
export class Clock {
  private fixedMs: number | undefined;
  private offsetMs = 0;

  nowMs(): number {
    return this.fixedMs ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** ISO-8601 with milliseconds and `Z`, the form every service here writes. */
  iso(): string {
    return this.now().toISOString();
  }

  /** Freezes the clock at `ms`, or lets it run on from there when `frozen` is false. */
  set(ms: number, frozen = true): void {
    if (frozen) {
      this.fixedMs = ms;
      this.offsetMs = 0;
    } else {
      this.fixedMs = undefined;
      this.offsetMs = ms - Date.now();
    }
  }

  /** Moves the clock on by `ms`, frozen or running as it was; false when that leaves the range of a Date. */
  advance(ms: number): boolean {
    if (Math.abs(this.nowMs() + ms) > MAX_DATE_MS) return false;
    if (this.fixedMs !== undefined) this.fixedMs += ms;
    else this.offsetMs += ms;
    return true;
  }

  reset(): void {
    this.fixedMs = undefined;
    this.offsetMs = 0;
  }

  get frozen(): boolean {
    return this.fixedMs !== undefined;
  }
}
