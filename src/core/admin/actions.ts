import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { checkRule, FaultError, type Fault, type FaultRule } from '../control/faults.js';
import type { JournalEntry, JournalFilter } from '../control/journal/index.js';
import { exportState } from '../state/seeding.js';
import { EARLIEST_MS, LATEST_MS, parseDuration } from '../control/clock.js';
import { admitSandbox } from '../control/admission.js';
import { resetStandin } from './reset.js';
import { checkSnapshot, importSnapshot, type Snapshot } from '../state/snapshots.js';
import { forgetSandbox } from '../service/context.js';

/*
 * Standin's control operations, shared by the admin routes (which read their arguments from HTTP) and
 * RunningStandin (which takes them from its caller), so each rule lives here once. Refusals are CoreErrors.
 */

/** Journaled requests the filter accepts, newest first (up to its limit). */
export function findRequests(rt: Runtime, filter: JournalFilter): JournalEntry[] {
  return rt.journal.find(filter);
}

/** How many journaled requests the filter accepts. */
export function countRequests(rt: Runtime, filter: JournalFilter): number {
  return rt.journal.count(filter);
}

/** Forgets the journaled requests of a sandbox (or of all); returns how many. */
export function clearRequests(rt: Runtime, sandbox?: string): number {
  return rt.journal.clear(sandbox);
}

/** Adds a fault rule, checked first (FaultError: 400 `bad_fault`); returns it with its id. */
export function addFault(rt: Runtime, sandbox: string, rule: unknown): Fault {
  const wrong = checkRule(rule, rt.services.map((s) => s.module.name));
  if (wrong) throw new FaultError(wrong);
  return rt.faults.add(sandbox, rule as FaultRule);
}

export function listFaults(rt: Runtime, sandbox: string): Fault[] {
  return rt.faults.list(sandbox);
}

/** Removes a sandbox's fault rules (or the one with this id); returns how many. */
export function removeFaults(rt: Runtime, sandbox: string, id?: string): number {
  return rt.faults.remove(sandbox, id);
}

/** The stored state of a sandbox, by service (all, or the named ones). */
export function snapshot(rt: Runtime, sandbox: string, services?: string[]): Snapshot {
  return { sandbox, services: exportState(rt, sandbox, services) };
}

/** Replaces the state of the services a snapshot names, once it is checked whole (400 `bad_snapshot`); returns their names. */
export async function restore(rt: Runtime, sandbox: string, body: unknown): Promise<string[]> {
  const services = checkSnapshot(rt, body);
  admitSandbox(rt, sandbox);
  await importSnapshot(rt, sandbox, services);
  return Object.keys(services);
}

/** A clean slate (state, journal, faults, clock, sandboxes); see resetStandin. */
export const reset = resetStandin;

/** Sets the simulated clock, frozen there unless `frozen` is false. */
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

/** Drops a sandbox other than the default with its state, blobs, memory, journal and faults. */
export async function dropSandbox(rt: Runtime, name: string): Promise<{ requests: number; faults: number }> {
  if (name === DEFAULT_SANDBOX) throw new CoreError(400, 'bad_request', 'the default sandbox cannot be dropped; POST /__admin/reset puts it back to the fixtures');
  if (!rt.store.sandboxes.has(name)) throw new CoreError(404, 'not_found', `no sandbox named '${name}'`);
  await rt.store.commit([{ p: [name] }]);
  await rt.blobs.deleteAll(name);
  forgetSandbox(rt, name);
  return { requests: rt.journal.clear(name), faults: rt.faults.remove(name) };
}
