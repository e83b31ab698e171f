import { admitSandbox, withinLimit } from '../control/admission.js';
import { clearRequests, removeFaults, shareClock } from './actions.js';
import type { Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { SpecCache } from '../boot/spec-cache.js';
import { CoreError } from '../http/core-error.js';
import { forgetMemory, forgetSandbox } from '../service/context.js';
import { checkFixtures, loadFixtures } from '../state/fixtures.js';
import type { Op } from '../state/ops.js';
import { readSnapshotFile } from '../state/snapshots.js';
import type { ServiceStateJson } from '../state/tree.js';

export interface ResetDone {
  /** The services whose state went back. */
  services: string[];
  removed: { requests: number; faults: number; sandboxes: string[] };
  clockReleased: boolean;
}

/** The state a reset goes back to, read from disk now and checked whole before anything changes. */
async function startState(rt: Runtime, withStateFile: boolean): Promise<{ fixtures: Map<string, ServiceStateJson>; snapshot: Record<string, ServiceStateJson> }> {
  let fixtures: Map<string, ServiceStateJson>;
  try {
    fixtures = await loadFixtures(rt.services.map((s) => s.module), rt.fixturesDir, rt.fixturesGiven);
    await checkFixtures(rt.services, fixtures, rt.fixturesDir, await SpecCache.open());
  } catch (e) {
    throw new CoreError(409, 'bad_fixtures', `the fixtures on disk cannot be loaded, so nothing was reset: ${(e as Error).message}`);
  }
  if (!withStateFile || !rt.stateFile) return { fixtures, snapshot: {} };
  try {
    return { fixtures, snapshot: await readSnapshotFile(rt, rt.stateFile) };
  } catch (e) {
    throw new CoreError(409, 'bad_state_file', `the --state snapshot cannot be loaded, so nothing was reset: ${(e as Error).message}`);
  }
}

/**
 * A clean slate. For the default sandbox: its state back to the fixtures as they are on disk now (then
 * the --state snapshot), the whole journal cleared, every fault removed, the clock released and every
 * other sandbox dropped; `services` narrows the state part to those services (sandboxes, which hold
 * every service's state, are then kept). For another sandbox: its state (from the fixtures), journal and
 * faults only. Nothing changes when the fixtures or the snapshot cannot be read.
 */
export async function resetStandin(rt: Runtime, sandbox: string, services?: string[]): Promise<ResetDone> {
  admitSandbox(rt, sandbox);
  const whole = sandbox === DEFAULT_SANDBOX;
  const names = services ?? rt.services.map((s) => s.module.name);
  const { fixtures, snapshot } = await startState(rt, whole);
  for (const [name, state] of fixtures) rt.fixtures.set(name, state);

  const dropped = whole && services === undefined ? [...rt.store.sandboxes.keys()].filter((s) => s !== DEFAULT_SANDBOX) : [];
  const ops: Op[] = names.map((name) => ({ p: [sandbox, name], v: structuredClone(Object.hasOwn(snapshot, name) ? snapshot[name]! : (fixtures.get(name) ?? {})) }));
  await withinLimit(rt, sandbox, rt.store.commit([...ops, ...dropped.map((name): Op => ({ p: [name] }))]));
  for (const name of dropped) {
    await rt.blobs.deleteAll(name);
    forgetSandbox(rt, name);
  }
  forgetMemory(rt, sandbox, names);
  // With a shared database this clears them for every instance.
  if (whole && services === undefined) await rt.shared?.forgetWindows();
  else {
    for (const name of dropped) await rt.shared?.forgetWindows(name);
    await rt.shared?.forgetWindows(sandbox, names);
  }

  const removed = { requests: await clearRequests(rt, whole ? undefined : sandbox), faults: await removeFaults(rt, whole ? undefined : sandbox), sandboxes: dropped };
  if (whole) {
    rt.clock.reset();
    await shareClock(rt);
  }
  return { services: names, removed, clockReleased: whole };
}
