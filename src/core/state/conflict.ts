/**
 * A checked write refused because a record it writes changed (through another instance) since this
 * instance's cache last caught up. The cache has caught up by the time it is thrown: running the
 * request's logic again reads the current state.
 */
export class WriteConflict extends Error {
  constructor() {
    super('the records this write changes were changed by another instance; retry');
  }
}

/**
 * A write refused because it would make one sandbox more than `--max-sandboxes` allows, counted in the
 * commit itself where instances share the state (so two instances cannot both take the last place).
 */
export class SandboxLimit extends Error {
  constructor() {
    super('one sandbox more than --max-sandboxes allows');
  }
}

/** How often one request's logic is run again after conflicts before the conflict is its answer (a 500). */
export const CONFLICT_RETRIES = 8;

/** Awaits `first`; when it fails with a WriteConflict, runs `again` (bounded), against the caught-up cache. */
export async function retryOnConflict<T>(first: Promise<T>, again: () => T | Promise<T>): Promise<T> {
  let attempt: Promise<T> | T = first;
  for (let i = 0; ; i++) {
    try {
      return await attempt;
    } catch (e) {
      if (!(e instanceof WriteConflict) || i >= CONFLICT_RETRIES) throw e;
      // Both instances back off by a random few ms, so two that keep meeting on one record part ways.
      if (i > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 ** i));
      attempt = again();
    }
  }
}
