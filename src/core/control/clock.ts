/**
 * The times the clock may be set to and read: years 0000 to 9999, what ISO-8601 (and every spec's
 * date-time) writes with four digits. Far inside JavaScript's Date range (±275,760 years), so nothing a
 * service adds to the time (a token's or a policy's lifetime) can leave it and make a Date invalid.
 */
export const EARLIEST_MS = Date.parse('0000-01-01T00:00:00.000Z');
export const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `'90s'`, `'15m'`, `'2h'`, `'1d'` in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,9})(s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** The simulated clock every service reads its time from, so it can be frozen or set for tests and demos. */
export class Clock {
  private fixedMs: number | undefined;
  private offsetMs = 0;

  /** A running clock set near the end stops at LATEST_MS rather than write a five-digit year. */
  nowMs(): number {
    return this.fixedMs ?? Math.min(Date.now() + this.offsetMs, LATEST_MS);
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
    if (!(ms >= EARLIEST_MS && ms <= LATEST_MS)) throw new RangeError(`the clock is set to times from 0000-01-01 to 9999-12-31, not ${ms}`);
    if (frozen) {
      this.fixedMs = ms;
      this.offsetMs = 0;
    } else {
      this.fixedMs = undefined;
      this.offsetMs = ms - Date.now();
    }
  }

  /** Moves the clock on by `ms`, frozen or running as it was; false when that leaves years 0000–9999. */
  advance(ms: number): boolean {
    const to = this.nowMs() + ms;
    if (!(to >= EARLIEST_MS && to <= LATEST_MS)) return false;
    if (this.fixedMs !== undefined) this.fixedMs += ms;
    else this.offsetMs += ms;
    return true;
  }

  /** Takes the clock another instance set (a shared database's): frozen at `fixedMs`, or running `offsetMs` from real time. */
  load(fixedMs: number | undefined, offsetMs: number): void {
    this.fixedMs = fixedMs;
    this.offsetMs = fixedMs === undefined ? offsetMs : 0;
  }

  /** What `load` takes. */
  get setting(): { fixedMs: number | undefined; offsetMs: number } {
    return { fixedMs: this.fixedMs, offsetMs: this.offsetMs };
  }

  reset(): void {
    this.fixedMs = undefined;
    this.offsetMs = 0;
  }

  get frozen(): boolean {
    return this.fixedMs !== undefined;
  }
}
