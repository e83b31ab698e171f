const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** A second signal this soon after the first is the same Ctrl-C relayed by npm, not a user insisting. */
const RELAYED_MS = 1000;
const PARENT_POLL_MS = 1000;

export interface StopRequest {
  /** Why Standin stops: the signal's name, or `parent exited`. */
  reason: string;
}

/**
 * Resolves when Standin should stop: on SIGINT, SIGTERM or SIGHUP, or when the process that started it
 * is gone (npm or a shell killed without passing the signal on), unless `detached`. A second signal
 * later than RELAYED_MS after the first calls `giveUp`.
 */
export function whenToStop(detached: boolean, giveUp: () => void): Promise<StopRequest> {
  return new Promise((resolve) => {
    let first: number | undefined;
    const stop = (reason: string) => {
      if (first === undefined) {
        first = Date.now();
        resolve({ reason });
      } else if (Date.now() - first > RELAYED_MS && reason !== 'parent exited') giveUp();
    };
    for (const signal of SIGNALS) process.on(signal, () => stop(signal));
    // Polling is the portable way to notice: a parent that dies leaves its children to init (or a subreaper).
    const parent = process.ppid;
    if (!detached && parent > 1) {
      setInterval(() => {
        if (process.ppid !== parent) stop('parent exited');
      }, PARENT_POLL_MS).unref();
    }
  });
}
