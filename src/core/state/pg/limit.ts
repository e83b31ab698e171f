import type { Op } from '../ops.js';
import type { Sandboxes } from '../tree.js';

/** Which sandboxes ops leave in `into`: dropping a whole sandbox takes it out, any other op makes it. */
function account(ops: readonly Op[], into: Set<string>): void {
  for (const op of ops) (op.p.length === 1 && op.v === undefined ? into.delete(op.p[0]) : into.add(op.p[0]));
}

/**
 * `--max-sandboxes` inside a commit, under its lock: from the cache and what others committed since
 * (`delta`), a check that admits a batch of ops unless it makes a sandbox past `max` (counting the batches
 * it admitted before). Nothing is refused without a limit.
 */
export function sandboxLimit(cache: Sandboxes, delta: readonly (readonly Op[])[], max: number | undefined): (ops: readonly Op[]) => boolean {
  if (max === undefined) return () => true;
  const present = new Set(cache.keys());
  for (const ops of delta) account(ops, present);
  return (ops) => {
    const after = new Set(present);
    account(ops, after);
    if (after.size > max && [...after].some((s) => !present.has(s))) return false;
    account(ops, present);
    return true;
  };
}
