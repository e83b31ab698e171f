import type { Runtime } from '../boot/runtime.js';
import type { RequestExchange } from '../pipeline/exchange.js';
import { CoreError } from '../http/core-error.js';
import { forgetSandbox } from '../service/context.js';
import { SandboxLimit } from '../state/conflict.js';

/** A sandbox a request made, kept only once a request to it gets past the service's authentication. */
interface OnTrial {
  inFlight: number;
  admitted: boolean;
}

const trials = new WeakMap<Runtime, Map<string, OnTrial>>();

const tooMany = (rt: Runtime, sandbox: string) =>
  new CoreError(429, 'too_many_sandboxes', `sandbox '${sandbox}' would be one more than --max-sandboxes (${rt.maxSandboxes}); drop sandboxes with DELETE /__admin/sandboxes/NAME, or start with a higher --max-sandboxes`);

/** Refuses a new sandbox past `--max-sandboxes`, in Standin's own error shape. */
export function admitSandbox(rt: Runtime, sandbox: string): void {
  if (rt.store.sandboxes.has(sandbox) || rt.store.sandboxes.size < rt.maxSandboxes) return;
  throw tooMany(rt, sandbox);
}

/**
 * A write that may make the sandbox: where instances share the state, the limit is counted again in the
 * commit (another instance may have taken the last place since admitSandbox), refused the same way.
 */
export async function withinLimit<T>(rt: Runtime, sandbox: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (e) {
    throw e instanceof SandboxLimit ? tooMany(rt, sandbox) : e;
  }
}

/**
 * Call before a service request makes its sandbox (`fresh`: it does not exist yet). A sandbox made by a
 * request stays on trial until its requests are answered, and is kept only if one of them succeeded
 * (so got past the service's authentication); else it is dropped again. Requests without credentials
 * cannot fill the store with sandboxes, and a dropped one lost nothing: an error answer writes nothing.
 */
export function trySandbox(rt: Runtime, ex: RequestExchange, fresh: boolean): void {
  let all = trials.get(rt);
  if (!all) trials.set(rt, (all = new Map()));
  let trial = all.get(ex.sandbox);
  if (!trial) {
    if (!fresh) return;
    all.set(ex.sandbox, (trial = { inFlight: 0, admitted: false }));
  }
  const t = trial;
  const map = all;
  t.inFlight++;
  ex.res.once('close', () => {
    if (ex.res.headersSent && ex.res.statusCode < 400) t.admitted = true;
    if (--t.inFlight > 0) return;
    map.delete(ex.sandbox);
    if (t.admitted || !rt.store.sandboxes.has(ex.sandbox)) return;
    forgetSandbox(rt, ex.sandbox);
    rt.store.commit([{ p: [ex.sandbox] }]).catch((err: unknown) => rt.log.warn({ err, sandbox: ex.sandbox }, 'could not drop a sandbox no request got into'));
  });
}
