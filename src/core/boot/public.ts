import type { Server } from 'node:http';
import type { Schema } from '../admin/types.js';
import type { RequestMatcher } from '../control/match.js';
import type { JournalFilter } from '../control/journal/query.js';
import type { ServiceStateJson, Snapshot } from '../state/tree.js';

/*
 * The package's public types (what `import ... from 'standin'` sees). They reach only the admin spec's
 * generated types and plain state types, so a consumer's strict `tsc` checks them without any of
 * Standin's development packages.
 */

export type { RequestMatcher, JournalFilter, ServiceStateJson, Snapshot };
/** A journaled request as `GET /__admin/requests` shows it. */
export type JournalEntry = Schema<'JournalEntry'>;
/** A fault rule, as `POST /__admin/faults` takes it. */
export type FaultRule = Schema<'FaultRule'>;
/** A rule in force: the rule with its id, its sandbox and its hits so far. */
export type Fault = Schema<'Fault'>;

/** startStandin()'s options: the command line's, by their camelCase names, checked the same way. */
export interface StandinOptions {
  /** Port to listen on; default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A JSON db file; default: memory only. */
  db?: string;
  /** Fixtures folder (default: the shipped `fixtures/`); `false` starts empty. */
  fixtures?: string | false;
  /** Service options, by command-line flag name, e.g. `{ 'sensu-token-ttl': 5 }`. */
  options?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** The base URL clients use to reach Standin, for absolute URLs in responses. */
  publicUrl?: string;
  /** Default `silent`. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Check every response against the specs (default: on under Vitest). */
  validateResponses?: boolean;
  durability?: 'strict' | 'relaxed';
  /** Seed for generated ids, for reproducible runs. */
  seed?: number;
  /** Requests the journal keeps (default 1,000). */
  journalSize?: number;
  /** MiB the journal's entries may hold (default 64); past it the oldest go. */
  journalMemoryMiB?: number;
  /** Sandboxes that may exist at once, the default one included (default 1,000). */
  maxSandboxes?: number;
  /** OpenAPI 3.0/3.1 documents served as services, by prefix: `{ petstore: './petstore.yaml' }` serves it under `/petstore`. */
  specs?: Record<string, string>;
  /** Mounted documents store nothing: every answer comes from the document alone. */
  specStateless?: boolean;
  /** Services also served alone at the root of their own port, e.g. `{ webflow: 0 }` for an ephemeral one. */
  servicePorts?: Record<string, number>;
  /** Require `Authorization: Bearer <token>` on /__admin. */
  adminToken?: string;
  /** A snapshot file imported into the default sandbox at start and at every reset. */
  stateFile?: string;
  /** Answer CORS preflights and allow any origin, on every service and /__admin. */
  cors?: boolean;
}

/** What a reset covers; see Standin.reset. */
export interface ResetOptions {
  /** Only this service's state goes back (the journal, faults and clock are reset all the same). */
  service?: string;
  /** Reset this sandbox alone: its state, journal and faults (default: all of Standin). */
  sandbox?: string;
}

/** The simulated clock every service reads its time from. */
export interface StandinClock {
  /** The simulated time, ISO-8601. */
  now(): string;
  readonly frozen: boolean;
  /** Sets the time: frozen there unless `frozen: false`, which lets it run on from there. */
  set(time: string | number | Date, options?: { frozen?: boolean }): void;
  /** Moves the clock on by a duration such as `'90s'`, `'15m'`, `'2h'` or `'1d'`; returns the new time. */
  advance(by: string): string;
  /** Back to real time. */
  release(): void;
}

/** A running Standin (from startStandin()), with typed helpers over the admin features. */
export interface Standin {
  /** Base URL of the main port, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /** Each `servicePorts` service's own base URL, by service. */
  readonly serviceUrls: Record<string, string>;
  /** The admin token: given, or made up because the host is not loopback. */
  readonly adminToken: string | undefined;
  readonly generatedAdminToken: boolean;
  readonly server: Server;
  readonly clock: StandinClock;
  /**
   * A clean slate, as `POST /__admin/reset`: state back to the fixtures as they are on disk now (then the
   * `stateFile` snapshot), the journal cleared, every fault removed, the clock released, every sandbox dropped.
   */
  reset(options?: ResetOptions): Promise<void>;
  /** Journaled requests, newest first (the filters of GET /__admin/requests; default sandbox unless named). */
  requests(filter?: JournalFilter): JournalEntry[];
  /** How many journaled requests match (POST /__admin/requests/count). */
  count(matcher?: RequestMatcher & { sandbox?: string }): number;
  /** Forgets the journaled requests of a sandbox (default: the default sandbox); returns how many. */
  clearRequests(sandbox?: string): number;
  /** Adds a fault rule (POST /__admin/faults); returns it with its id. */
  fault(rule: FaultRule, sandbox?: string): Fault;
  /** The fault rules in force in a sandbox. */
  faults(sandbox?: string): Fault[];
  /** Removes every fault rule of a sandbox (or the one with this id); returns how many. */
  clearFaults(id?: string, sandbox?: string): number;
  /** The stored state, as GET /__admin/state answers it. */
  snapshot(sandbox?: string): Snapshot;
  /** Replaces state with a snapshot (checked whole first, as PUT /__admin/state). */
  restore(snapshot: { services: Record<string, ServiceStateJson> }, sandbox?: string): Promise<void>;
  /** Stops accepting, finishes requests in flight, flushes the store. */
  close(): Promise<void>;
}
