import type { Fault, FaultRule } from './faults.js';
import type { JournalEntry, JournalFilter, RawEntry } from './journal/index.js';
import type { WindowCounter } from '../service/windows.js';

export interface SharedFaults {
  add(sandbox: string, rule: FaultRule): Promise<Fault>;
  list(sandbox: string): Promise<Fault[]>;
  /** Removes a sandbox's rules (every sandbox's when undefined), or the one with this id; how many. */
  remove(sandbox: string | undefined, id?: string): Promise<number>;
  /** The first rule in force that hits the request, counted once across every instance. */
  hit(sandbox: string, service: string, method: string, path: string, random: () => number): Promise<Fault | undefined>;
}

export interface SharedJournal {
  /** Queues an entry, written in a batch with the others of this turn; resolves once written (or given up). */
  record(e: RawEntry): Promise<void>;
  /** Each read first waits for the entries answered before it (this instance's queue, every instance's inserts under way). */
  find(f: JournalFilter): Promise<JournalEntry[]>;
  count(f: JournalFilter): Promise<number>;
  clear(sandbox?: string): Promise<number>;
}

export interface SharedClock {
  /** Frozen at `fixedMs`, or running `offsetMs` from real time. */
  set(fixedMs: number | undefined, offsetMs: number): Promise<void>;
  advance(ms: number): Promise<void>;
}

/**
 * The control plane where several instances share one database (state/pg/control.ts), chosen at start;
 * absent on the JSON file, where the journal, fault rules, clock and rate windows live in this process
 * alone. Admin calls go through it, so a call on any instance acts on all.
 */
export interface SharedControl {
  faults: SharedFaults;
  journal: SharedJournal;
  clock: SharedClock;
  /** A service's rate windows in a sandbox. */
  windows(sandbox: string, service: string): WindowCounter;
  /** Forgets rate windows: a sandbox's (of the named services), or every one. */
  forgetWindows(sandbox?: string, services?: string[]): Promise<void>;
}
