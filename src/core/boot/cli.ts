import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnyService } from '../service/module.js';
import type { ServeOptions } from './standin.js';
import { checkServiceOption, mountedNames, OPTIONS, serviceOptions, UsageError, type OptionContext } from './options.js';

export { UsageError };

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

function optionsConfig(services: AnyService[]): { config: OptionsConfig; help: [string, string][] } {
  const config: OptionsConfig = {};
  const help: [string, string][] = [];
  const add = (name: string, arg: string | undefined, description: string, multiple = false, short?: string) => {
    if (config[name]) throw new Error(`CLI option --${name} is declared twice`);
    config[name] = { type: arg ? 'string' : 'boolean', multiple, ...(short ? { short } : {}) };
    help.push([`${short ? `-${short}, ` : ''}--${name}${arg ? ` ${arg}` : ''}`, description]);
  };
  for (const o of OPTIONS) add(o.flag, o.arg, o.help, o.multiple, o.short);
  for (const { service, option } of serviceOptions(services)) {
    add(option.name, option.type === 'string' ? (option.arg ?? 'VALUE') : undefined, `${service.title}: ${option.description}`);
  }
  return { config, help };
}

export function usage(services: AnyService[]): string {
  const { help } = optionsConfig(services);
  const width = Math.max(...help.map(([f]) => f.length));
  return [
    'Usage: standin [options]      (in a clone: npm start -- [options])',
    '',
    'Runs every Standin service on one port, each under its own prefix; /__admin holds its controls.',
    '',
    ...help.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ].join('\n');
}

export interface CliResult {
  help: boolean;
  version: boolean;
  /** Keep serving when the parent process ends (`--detached`). */
  detached: boolean;
  serve: ServeOptions;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parses argv (and PORT / STANDIN_DB) into serve options; bad input is a UsageError with one clear line. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv, services: AnyService[]): CliResult {
  const { config } = optionsConfig(services);
  let values: Values;
  try {
    ({ values } = parseArgs({ args: argv, options: config, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const c: OptionContext = { services, mounted: mountedNames(values['spec']) };
  const given = (name: string) => values[name] !== undefined;
  if (values['in-memory'] && given('db')) throw new UsageError('--db and --in-memory cannot be used together');
  if (values['no-fixtures'] && given('fixtures')) throw new UsageError('--fixtures and --no-fixtures cannot be used together');

  const serve: Record<string, unknown> = {};
  for (const row of OPTIONS) {
    if (!row.key) continue;
    const fromFlag = values[row.flag];
    const fromEnv = row.env !== undefined ? env[row.env] || undefined : undefined;
    const raw = fromFlag ?? fromEnv;
    if (raw === undefined) continue;
    const name = fromFlag !== undefined ? `--${row.flag}` : row.env!;
    const value = typeof raw === 'boolean' ? raw : row.fromText ? row.fromText(raw as string | string[], name, c) : raw;
    if (Array.isArray(value) && !row.multiple) throw new UsageError(`${name} may be given once`);
    serve[row.key] = row.check ? row.check(value, name, c) : value;
  }

  const options: Record<string, string | boolean> = {};
  for (const { option } of serviceOptions(services)) {
    const v = values[option.name];
    if (v === undefined) continue;
    if (Array.isArray(v)) throw new UsageError(`--${option.name} may be given once`);
    options[option.name] = checkServiceOption(option, v, `--${option.name}`);
  }

  return {
    help: values['help'] === true,
    version: values['version'] === true,
    detached: values['detached'] === true,
    serve: {
      ...(serve as Omit<ServeOptions, 'services'>),
      services,
      port: (serve['port'] as number | undefined) ?? 4010,
      host: (serve['host'] as string | undefined) ?? '127.0.0.1',
      db: values['in-memory'] ? undefined : ((serve['db'] as string | undefined) ?? '.standin/db.json'),
      fixtures: values['no-fixtures'] ? false : (serve['fixtures'] as string | undefined),
      validateResponses: values['validate-responses'] === true,
      servicePorts: (serve['servicePorts'] as Record<string, number> | undefined) ?? {},
      options,
    },
  };
}
