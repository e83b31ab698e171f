import { serve } from './core/boot/standin.js';
import { checkStandinOptions } from './core/boot/options.js';
import type { Standin, StandinOptions } from './core/boot/public.js';
import { services } from './services.js';

// Its own file: the public types' graph stays free of Standin's internals (and their dev-only types).
export { UsageError } from './core/boot/usage-error.js';
export type {
  Fault,
  FaultRule,
  JournalEntry,
  JournalFilter,
  RequestMatcher,
  ResetOptions,
  ServiceStateJson,
  Snapshot,
  Standin,
  StandinClock,
  StandinOptions,
} from './core/boot/public.js';

/** The services this Standin serves, each under `/<name>`. */
export const serviceNames: readonly string[] = services.map((s) => s.name);

/**
 * Starts Standin in this process, for other teams' test suites. Its options are the command line's,
 * checked the same way (a bad value or an unknown key is a UsageError naming it):
 *
 * ```ts
 * const standin = await startStandin({ options: { 'sensu-token-ttl': '5' } });
 * await fetch(`${standin.url}/actionhub/assets`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p1' } });
 * await standin.reset();
 * await standin.close();
 * ```
 */
export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const checked = checkStandinOptions(options, services);
  return serve({
    logLevel: 'silent',
    validateResponses: process.env['VITEST'] !== undefined,
    ...checked,
    services,
  });
}
