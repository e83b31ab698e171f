import { serve, type RunningStandin } from './core/boot/standin.js';
import type { OptionValues } from './core/service/module.js';
import type { Durability } from './core/state/store.js';
import { services } from './services.js';

export interface StandinOptions {
  /** Port to listen on; default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A JSON db file, or a `postgres://` URL (state shared by every instance on it); default: memory only. */
  db?: string;
  /** Fixtures folder (default: the repo's `fixtures/`); `false` starts empty. */
  fixtures?: string | false;
  /** Service options, by CLI flag name (e.g. `{ 'sensu-token-ttl': '5s' }`). */
  options?: OptionValues;
  publicUrl?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Check every response against the specs (default: on under Vitest). */
  validateResponses?: boolean;
  durability?: Durability;
  seed?: number;
  /** Requests the journal keeps (default 1,000). */
  journalSize?: number;
  /** Services also served alone at the root of their own port, e.g. `{ webflow: 0 }` for an ephemeral one. */
  servicePorts?: Record<string, number>;
  adminToken?: string;
  /** A snapshot file imported into the default sandbox at start. */
  stateFile?: string;
}

export type Standin = RunningStandin;

/**
 * Starts Standin in this process, for other teams' test suites:
 * `const standin = await startStandin(); fetch(`${standin.url}/actionhub/assets`, …); await standin.close();`
 */
export function startStandin(options: StandinOptions = {}): Promise<Standin> {
  return serve({
    services,
    logLevel: 'silent',
    validateResponses: process.env['VITEST'] !== undefined,
    ...options,
  });
}

export { services };
export type { RunningStandin };
export type { JournalEntry, JournalFilter } from './core/control/journal/index.js';
export type { RequestMatcher } from './core/control/match.js';
export type { Fault, FaultRule } from './core/control/faults.js';
