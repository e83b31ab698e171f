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

  reset(): void {
    this.fixedMs = undefined;
    this.offsetMs = 0;
  }

  get frozen(): boolean {
    return this.fixedMs !== undefined;
  }
}
