import type { AnyService, OptionValues } from '../../src/core/service/module.js';
import { services } from '../../src/services.js';
import { notes } from '../fake/service.js';

/**
 * The services the generic suites run against: the real registry plus the fake `notes` service
 * (test/fake/), which nothing in src/ knows. Registering it is this one line.
 */
export const testServices: AnyService[] = [...services, notes];

/**
 * Kits of services that live under test/ rather than src/services/ (a shipped service's kit is
 * `test/<name>/kit.ts`), by service name, as module paths relative to this folder.
 */
export const testKitModules: Readonly<Record<string, string>> = { [notes.name]: '../fake/kit.ts' };

/** The option values load tests run with: each service's CLI options that declare `underLoad`. */
export function underLoadOptions(list: readonly AnyService[] = testServices): OptionValues {
  const out: Record<string, string | boolean> = {};
  for (const s of list) for (const o of s.cliOptions ?? []) if (o.underLoad !== undefined) out[o.name] = o.underLoad;
  return out;
}

/** The same as CLI arguments (`--flag` for a switch that is on, `--name value` for a string). */
export function underLoadArgs(list: readonly AnyService[] = services): string[] {
  return Object.entries(underLoadOptions(list)).flatMap(([name, v]) => (typeof v === 'string' ? [`--${name}`, v] : v ? [`--${name}`] : []));
}
