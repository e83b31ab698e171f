import type { Op } from '../ops.js';

/** What a set of ops changed, indexed to tell quickly whether other ops touch any of it. */
export class Touched {
  private readonly records = new Set<string>();
  private readonly services = new Set<string>();
  private readonly sandboxes = new Set<string>();
  private readonly wholeServices = new Set<string>();
  private readonly wholeSandboxes = new Set<string>();

  add(ops: readonly Op[]): void {
    for (const { p } of ops) {
      this.sandboxes.add(p[0]);
      if (p.length === 1) this.wholeSandboxes.add(p[0]);
      else {
        const service = `${p[0]}\0${p[1]}`;
        this.services.add(service);
        if (p.length === 2) this.wholeServices.add(service);
        else this.records.add(p.join('\0'));
      }
    }
  }

  /** Whether any of `ops` writes something these changed (a record, or a whole service or sandbox around it). */
  overlaps(ops: readonly Op[]): boolean {
    for (const { p } of ops) {
      if (p.length === 1) {
        if (this.sandboxes.has(p[0])) return true;
        continue;
      }
      if (this.wholeSandboxes.has(p[0])) return true;
      const service = `${p[0]}\0${p[1]}`;
      if (p.length === 2 ? this.services.has(service) : this.wholeServices.has(service) || this.records.has(p.join('\0'))) return true;
    }
    return false;
  }
}
