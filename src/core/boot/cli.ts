import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnyService, OptionValues } from '../service/module.js';
import type { ServeOptions } from './standin.js';

export class UsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const CORE_OPTIONS = {
  port: { type: 'string', description: 'port to listen on (env PORT; default 4010)' },
  host: { type: 'string', description: 'address to bind (default 127.0.0.1)' },
  db: { type: 'string', description: 'JSON db file, or a postgres:// URL shared by several instances (env STANDIN_DB; default ./.standin/db.json)' },
  'in-memory': { type: 'boolean', description: 'keep state in memory only; nothing is written' },
  fixtures: { type: 'string', description: 'folder to seed a new db from (default ./fixtures)' },
  'no-fixtures': { type: 'boolean', description: 'start empty instead of from fixtures' },
  'public-url': { type: 'string', description: 'base URL clients use to reach Standin, for absolute URLs in responses' },
  durability: { type: 'string', description: 'strict (default: a write is answered once on disk) or relaxed' },
  seed: { type: 'string', description: 'seed for generated ids, for reproducible runs' },
  'log-level': { type: 'string', description: 'fatal, error, warn, info (default), debug, trace or silent' },
  'validate-responses': { type: 'boolean', description: 'check every response against the specs (as the tests do)' },
  'journal-size': { type: 'string', description: 'requests the journal keeps (default 1000)' },
  'journal-memory': { type: 'string', description: 'MiB the journal may hold; past it the oldest requests go (default 64)' },
  'max-sandboxes': { type: 'string', description: 'sandboxes that may exist at once, the default one included (default 1000)' },
  state: { type: 'string', description: 'a snapshot file (as GET /__admin/state answers) imported at every start' },
  'service-port': { type: 'string', multiple: true, description: 'NAME=PORT: also serve that service alone at the root of its own port (repeatable)' },
  'admin-token': { type: 'string', description: 'require Authorization: Bearer TOKEN on /__admin (made up and printed when --host is not loopback)' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

function optionsConfig(services: AnyService[]): { config: OptionsConfig; help: [string, string][] } {
  const config: OptionsConfig = {};
  const help: [string, string][] = [];
  const add = (name: string, type: 'string' | 'boolean', description: string, multiple = false) => {
    if (config[name]) throw new Error(`CLI option --${name} is declared twice`);
    config[name] = { type, multiple };
    help.push([`--${name}${type === 'string' ? ' VALUE' : ''}`, description]);
  };
  for (const [name, o] of Object.entries(CORE_OPTIONS)) add(name, o.type, o.description, 'multiple' in o);
  for (const s of services) for (const o of s.cliOptions ?? []) add(o.name, o.type, `${s.title}: ${o.description}`);
  return { config, help };
}

export function usage(services: AnyService[]): string {
  const { help } = optionsConfig(services);
  const width = Math.max(...help.map(([f]) => f.length));
  return [
    'Usage: npm start -- [options]',
    '',
    'Runs every Standin service on one port, each under its own prefix.',
    '',
    ...help.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ].join('\n');
}

export interface CliResult {
  help: boolean;
  serve: ServeOptions;
}

function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  return n;
}

/** Parses argv (and PORT / STANDIN_DB) into serve options; bad input is a UsageError with one clear line. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv, services: AnyService[]): CliResult {
  const { config } = optionsConfig(services);
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: config, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | string[] | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (values['in-memory'] && str('db')) throw new UsageError('--db and --in-memory cannot be used together');
  if (values['no-fixtures'] && str('fixtures')) throw new UsageError('--fixtures and --no-fixtures cannot be used together');
  const durability = str('durability');
  if (durability !== undefined && durability !== 'strict' && durability !== 'relaxed') throw new UsageError(`--durability must be strict or relaxed, got '${durability}'`);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = str('log-level');
  if (logLevel !== undefined && !(levels as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}`);
  const publicUrl = str('public-url');
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicUrl)) throw new UsageError(`--public-url must be an http(s) URL, got '${publicUrl}'`);

  const servicePorts: Record<string, number> = {};
  const names = services.map((s) => s.name);
  for (const spec of (values['service-port'] as string[] | undefined) ?? []) {
    const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(spec);
    if (!m || !names.includes(m[1]!) || Number(m[2]) > 65535) throw new UsageError(`--service-port must be NAME=PORT with NAME one of ${names.join(', ')}, got '${spec}'`);
    servicePorts[m[1]!] = Number(m[2]);
  }

  const serviceOptions: Record<string, string | boolean | undefined> = {};
  for (const s of services) {
    for (const o of s.cliOptions ?? []) {
      const v = values[o.name];
      if (Array.isArray(v)) throw new UsageError(`--${o.name} may be given once`);
      const wrong = typeof v === 'string' ? o.check?.(v) : undefined;
      if (wrong) throw new UsageError(`--${o.name}: ${wrong}`);
      serviceOptions[o.name] = v;
    }
  }

  return {
    help: values['help'] === true,
    serve: {
      services,
      port: intOption(str('port') !== undefined ? '--port' : 'PORT', str('port') ?? (env['PORT'] || undefined), 0, 65535) ?? 4010,
      host: str('host') ?? '127.0.0.1',
      db: values['in-memory'] ? undefined : (str('db') ?? (env['STANDIN_DB'] || undefined) ?? '.standin/db.json'),
      fixtures: values['no-fixtures'] ? false : str('fixtures'),
      publicUrl,
      durability: durability as ServeOptions['durability'],
      seed: intOption('--seed', str('seed'), 0, 2 ** 32 - 1),
      logLevel: logLevel as ServeOptions['logLevel'],
      validateResponses: values['validate-responses'] === true,
      journalSize: intOption('--journal-size', str('journal-size'), 0, 1_000_000),
      journalMemoryMiB: intOption('--journal-memory', str('journal-memory'), 1, 16_384),
      maxSandboxes: intOption('--max-sandboxes', str('max-sandboxes'), 1, 1_000_000),
      stateFile: str('state'),
      servicePorts,
      adminToken: str('admin-token'),
      options: serviceOptions as OptionValues,
    },
  };
}
