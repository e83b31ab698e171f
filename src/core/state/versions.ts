import type { Op } from './ops.js';

/** Whether two record paths name the same collection (everything but the record id). */
function sameCollection(a: Op['p'], b: Op['p']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Version tokens per collection: bumped by any write to it; `epoch` by any whole-service or sandbox replacement. */
export class CollectionVersions {
  private readonly versions = new Map<string, number>();
  private epoch = 0;

  version(path: string[]): string {
    return `${this.epoch}.${this.versions.get(path.join('\0')) ?? 0}`;
  }

  /** Records that these ops were applied. A batch usually writes many records of one collection: bumped once. */
  bump(ops: readonly Op[]): void {
    let previous: Op['p'] | undefined;
    for (const op of ops) {
      if (op.p.length < 5) this.epoch++;
      else if (!previous || !sameCollection(previous, op.p)) {
        const key = op.p.slice(0, -1).join('\0');
        this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
      }
      previous = op.p;
    }
  }

  /** Everything changed (state taken back, or reloaded whole). */
  bumpAll(): void {
    this.epoch++;
  }
}
