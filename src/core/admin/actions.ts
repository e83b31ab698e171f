import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { checkRule, FaultError, type Fault, type FaultRule } from '../control/faults.js';
import type { JournalEntry, JournalFilter } from '../control/journal/index.js';
import { exportState } from '../state/seeding.js';
import { EARLIEST_MS, LATEST_MS, parseDuration } from '../control/clock.js';
import { admitSandbox, withinLimit } from '../control/admission.js';
import { resetStandin } from './reset.js';
import { checkSnapshot, importSnapshot, type Snapshot } from '../state/snapshots.js';
import { forgetSandbox } from '../service/context.js';

/*
 * Standin's control operations, shared by the admin routes (which read their arguments from HTTP) and
 * RunningStandin (which takes them from its caller), so each rule lives here once. Refusals are CoreErrors.
 */

/*
 * Where instances share a database (rt.shared), the journal, faults and clock operations act on it, so
 * they are async; on the JSON file they act on this process and their results are plain values
 * (`local` variants, which RunningStandin's synchronous helpers use).
 */

/** Journaled requests the filter accepts, newest first (up to its limit): every instance's. */
export async function findRequests(rt: Runtime, filter: JournalFilter): Promise<JournalEntry[]> {
  return rt.shared ? rt.shared.journal.find(filter) : rt.journal.find(filter);
}

/** How many journaled requests the filter accepts. */
export async function countRequests(rt: Runtime, filter: JournalFilter): Promise<number> {
  return rt.shared ? rt.shared.journal.count(filter) : rt.journal.count(filter);
}

/** Forgets the journaled requests of a sandbox (or of all); returns how many. */
export async function clearRequests(rt: Runtime, sandbox?: string): Promise<number> {
  const here = rt.journal.clear(sandbox);
  return rt.shared ? rt.shared.journal.clear(sandbox) : here;
}

function checkedRule(rt: Runtime, rule: unknown): FaultRule {
  const wrong = checkRule(rule, rt.services.map((s) => s.module.name));
  if (wrong) throw new FaultError(wrong);
  return rule as FaultRule;
}

/** Refuses an in-process helper that would act on this instance alone where the control plane is shared. */
export function localOnly(rt: Runtime, what: string): void {
  if (rt.shared) throw new Error(`${what}: with a PostgreSQL db the control plane is shared; use the admin API (/__admin), which acts on every instance`);
}

/** Adds a fault rule, checked first (FaultError: 400 `bad_fault`); returns it with its id. */
export async function addFault(rt: Runtime, sandbox: string, rule: unknown): Promise<Fault> {
  const checked = checkedRule(rt, rule);
  return rt.shared ? rt.shared.faults.add(sandbox, checked) : rt.faults.add(sandbox, checked);
}

export function addFaultLocal(rt: Runtime, sandbox: string, rule: unknown): Fault {
  localOnly(rt, 'fault()');
  return rt.faults.add(sandbox, checkedRule(rt, rule));
}

export async function listFaults(rt: Runtime, sandbox: string): Promise<Fault[]> {
  return rt.shared ? rt.shared.faults.list(sandbox) : rt.faults.list(sandbox);
}

/** Removes a sandbox's fault rules (every sandbox's when undefined), or the one with this id; returns how many. */
export async function removeFaults(rt: Runtime, sandbox: string | undefined, id?: string): Promise<number> {
  return rt.shared ? rt.shared.faults.remove(sandbox, id) : rt.faults.remove(sandbox, id);
}

/** The stored state of a sandbox, by service (all, or the named ones). */
export function snapshot(rt: Runtime, sandbox: string, services?: string[]): Snapshot {
  return { sandbox, services: exportState(rt, sandbox, services) };
}

/** Replaces the state of the services a snapshot names, once it is checked whole (400 `bad_snapshot`); returns their names. */
export async function restore(rt: Runtime, sandbox: string, body: unknown): Promise<string[]> {
  const services = checkSnapshot(rt, body);
  admitSandbox(rt, sandbox);
  await withinLimit(rt, sandbox, importSnapshot(rt, sandbox, services));
  return Object.keys(services);
}

/** A clean slate (state, journal, faults, clock, sandboxes); see resetStandin. */
export const reset = resetStandin;

/** Sets the simulated clock, frozen there unless `frozen` is false (on every instance: see shareClock). */
export function setClock(rt: Runtime, time: unknown, frozen: unknown = true): void {
  const ms = typeof time === 'string' ? Date.parse(time) : typeof time === 'number' ? time : NaN;
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) throw new CoreError(400, 'bad_request', 'the time must be an ISO-8601 time, e.g. {"now": "2026-01-01T00:00:00Z"}');
  if (ms < EARLIEST_MS || ms > LATEST_MS) throw new CoreError(400, 'bad_request', '"now" must be a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z');
  if (typeof frozen !== 'boolean') throw new CoreError(400, 'bad_request', '"frozen" must be true or false');
  rt.clock.set(ms, frozen);
}

/** Moves the simulated clock on by a duration (`90s`, `15m`, `2h`, `1d`), frozen or running as it was. */
export function advanceClock(rt: Runtime, by: unknown): { now: string; frozen: boolean } {
  const ms = typeof by === 'string' ? parseDuration(by) : undefined;
  if (ms === undefined) throw new CoreError(400, 'bad_request', `"advance" must be a whole number and a unit, s, m, h or d (e.g. "15m"), got ${JSON.stringify(by) ?? 'nothing'}`);
  if (!rt.clock.advance(ms)) throw new CoreError(400, 'bad_request', `advancing by ${String(by)} would leave the clock's range, 0000-01-01 to 9999-12-31`);
  return { now: rt.clock.iso(), frozen: rt.clock.frozen };
}

/**
 * Makes a clock change through the admin API every instance's: the setting this one now has is written
 * to the shared database (an advance as an atomic addition there, so two advances add up).
 */
export async function shareClock(rt: Runtime, advancedBy?: number): Promise<void> {
  if (!rt.shared) return;
  if (advancedBy !== undefined) return rt.shared.clock.advance(advancedBy);
  const { fixedMs, offsetMs } = rt.clock.setting;
  await rt.shared.clock.set(fixedMs, offsetMs);
}

/** Drops a sandbox other than the default with its state, blobs, memory, journal and faults. */
export async function dropSandbox(rt: Runtime, name: string): Promise<{ requests: number; faults: number }> {
  if (name === DEFAULT_SANDBOX) throw new CoreError(400, 'bad_request', 'the default sandbox cannot be dropped; POST /__admin/reset puts it back to the fixtures');
  if (!rt.store.sandboxes.has(name)) throw new CoreError(404, 'not_found', `no sandbox named '${name}'`);
  await rt.store.commit([{ p: [name] }]);
  await rt.blobs.deleteAll(name);
  forgetSandbox(rt, name);
  await rt.shared?.forgetWindows(name);
  return { requests: await clearRequests(rt, name), faults: await removeFaults(rt, name) };
}
