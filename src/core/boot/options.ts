import type { AnyService, CliOption, OptionValues } from '../service/module.js';
import type { ServeOptions } from './standin.js';
import { UsageError } from './usage-error.js';
import { blankToken, EMPTY_ADMIN_TOKEN } from './runtime.js';

export { UsageError };

export interface OptionContext {
  services: AnyService[];
  /** Names documents are mounted under (`--spec`), which `--service-port` may name too. */
  mounted?: string[];
}

/**
 * One option of Standin, for the command line and for startStandin() alike: a value from either passes
 * the same `check`, so both refuse the same values in the same words (naming `--flag` on the command
 * line, `key` in code). Adding an option is adding a row here (and its key to ServeOptions).
 */
export interface OptionRow {
  /** The flag, without dashes. */
  flag: string;
  /** The key it sets in startStandin()'s options; absent for a flag of the command line alone. */
  key?: Exclude<keyof ServeOptions, 'services'>;
  /** The value's placeholder in --help (`N`, `PATH`); absent for a switch. */
  arg?: string;
  short?: string;
  multiple?: boolean;
  /** An environment variable read when the flag is not given (empty counts as unset). */
  env?: string;
  help: string;
  /** The command line's text (a list for a repeatable flag) as code would give the value. Default: as is. */
  fromText?: (text: string | string[], name: string, c: OptionContext) => unknown;
  /** The value checked (and normalised), or a UsageError naming `name`. Default: a string. */
  check?: Check;
}

type Check = (value: unknown, name: string, c: OptionContext) => unknown;

const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

function wholeNumber(min: number, max: number): { fromText: NonNullable<OptionRow['fromText']>; check: Check } {
  const wrong = (name: string, v: unknown) => new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${shown(v)}`);
  return {
    fromText: (text, name) => {
      if (typeof text !== 'string' || !/^\d+$/.test(text.trim())) throw wrong(name, text);
      return Number(text);
    },
    check: (v, name) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw wrong(name, v);
      return v;
    },
  };
}

const text = (what = 'a string'): Check => (v, name) => {
  if (typeof v !== 'string' || v === '') throw new UsageError(`${name} must be ${what}, got ${shown(v)}`);
  return v;
};

const oneOf = (values: readonly string[], say = values.join(' or ')): Check => (v, name) => {
  if (typeof v !== 'string' || !values.includes(v)) throw new UsageError(`${name} must be ${say}, got ${shown(v)}`);
  return v;
};

const flag: Check = (v, name) => {
  if (typeof v !== 'boolean') throw new UsageError(`${name} must be true or false, got ${shown(v)}`);
  return v;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PORT = wholeNumber(0, 65535);

function servicePortsFromText(texts: string | string[], name: string, c: OptionContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of Array.isArray(texts) ? texts : [texts]) {
    const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(t);
    if (!m) throw new UsageError(`${name} must be NAME=PORT with NAME one of ${servedNames(c).join(', ')}, got '${t}'`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

const servedNames = (c: OptionContext) => [...c.services.map((s) => s.name), ...(c.mounted ?? [])];

function checkServicePorts(v: unknown, name: string, c: OptionContext): Record<string, number> {
  const names = servedNames(c);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`${name} must map service names to ports, e.g. { webflow: 4014 }`);
  for (const [service, port] of Object.entries(v)) {
    if (!names.includes(service)) throw new UsageError(`${name}: no service named '${service}'; services: ${names.join(', ')}`);
    PORT.check(port, `${name} ${service}`, c);
  }
  return v as Record<string, number>;
}

function specsFromText(texts: string | string[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of Array.isArray(texts) ? texts : [texts]) {
    const eq = t.indexOf('=');
    if (eq < 1 || eq === t.length - 1) throw new UsageError(`${name} must be NAME=FILE, got '${t}'`);
    const spec = t.slice(0, eq);
    if (Object.hasOwn(out, spec)) throw new UsageError(`${name} ${t}: '${spec}' is given twice`);
    out[spec] = t.slice(eq + 1);
  }
  return out;
}

/** Names are checked against the services when the documents are mounted (one line, exit 2). */
function checkSpecs(v: unknown, name: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((f) => typeof f === 'string' && f !== '')) {
    throw new UsageError(`${name} must map names to OpenAPI files, e.g. { petstore: './petstore.yaml' }`);
  }
  return v as Record<string, string>;
}

/** The names a command line or startStandin() mounts documents under, for `--service-port`. */
export function mountedNames(specs: unknown): string[] {
  if (typeof specs === 'object' && specs !== null && !Array.isArray(specs)) return Object.keys(specs);
  const texts = typeof specs === 'string' ? [specs] : Array.isArray(specs) ? specs.filter((t): t is string => typeof t === 'string') : [];
  return texts.map((t) => t.slice(0, Math.max(0, t.indexOf('='))));
}

/** Standin's own options, in --help's order. */
export const OPTIONS: OptionRow[] = [
  { flag: 'port', key: 'port', arg: 'N', env: 'PORT', help: 'port to listen on (env PORT; default 4010)', ...PORT },
  { flag: 'host', key: 'host', arg: 'ADDR', help: 'address to bind (default 127.0.0.1)', check: text('an address') },
  { flag: 'db', key: 'db', arg: 'PATH', env: 'STANDIN_DB', help: 'JSON db file, or a postgres:// URL shared by several instances (env STANDIN_DB; default ./.standin/db.json)', check: text('a file path') },
  { flag: 'in-memory', help: 'keep state in memory only; nothing is written' },
  {
    flag: 'fixtures', key: 'fixtures', arg: 'DIR', help: 'folder to seed a new db from (default: the shipped fixtures)',
    check: (v, name, c) => (v === false ? v : text('a folder path, or false to start empty')(v, name, c)),
  },
  { flag: 'no-fixtures', help: 'start empty instead of from fixtures' },
  {
    flag: 'public-url', key: 'publicUrl', arg: 'URL', help: 'base URL clients use to reach Standin, for absolute URLs in responses',
    check: (v, name) => {
      if (typeof v !== 'string' || !/^https?:\/\/[^/]+/.test(v)) throw new UsageError(`${name} must be an http(s) URL, got ${shown(v)}`);
      return v;
    },
  },
  { flag: 'durability', key: 'durability', arg: 'strict|relaxed', help: 'strict (default: a write is answered once on disk) or relaxed', check: oneOf(['strict', 'relaxed']) },
  { flag: 'seed', key: 'seed', arg: 'N', help: 'seed for generated ids, for reproducible runs', ...wholeNumber(0, 2 ** 32 - 1) },
  { flag: 'log-level', key: 'logLevel', arg: 'LEVEL', help: 'fatal, error, warn, info (default), debug (adds why each 4xx was refused), trace or silent', check: oneOf(LOG_LEVELS, `one of ${LOG_LEVELS.join(', ')}`) },
  { flag: 'validate-responses', key: 'validateResponses', help: 'check every response against the specs (as the tests do)', check: flag },
  { flag: 'journal-size', key: 'journalSize', arg: 'N', help: 'requests the journal keeps (default 1000)', ...wholeNumber(0, 1_000_000) },
  { flag: 'journal-memory', key: 'journalMemoryMiB', arg: 'MIB', help: 'memory the journal may hold; past it the oldest requests go (default 64)', ...wholeNumber(1, 16_384) },
  { flag: 'max-sandboxes', key: 'maxSandboxes', arg: 'N', help: 'sandboxes that may exist at once, the default one included (default 1000)', ...wholeNumber(1, 1_000_000) },
  { flag: 'state', key: 'stateFile', arg: 'FILE', help: 'a snapshot file (as GET /__admin/state answers) imported at every start and reset', check: text('a file path') },
  { flag: 'spec', key: 'specs', arg: 'NAME=FILE', multiple: true, help: 'also serve an OpenAPI 3.0/3.1 document (YAML or JSON) under /NAME (repeatable)', fromText: specsFromText, check: checkSpecs },
  { flag: 'spec-stateless', key: 'specStateless', help: 'documents mounted with --spec store nothing: every answer comes from the document alone', check: flag },
  { flag: 'service-port', key: 'servicePorts', arg: 'NAME=PORT', multiple: true, help: 'also serve that service alone at the root of its own port (repeatable)', fromText: servicePortsFromText, check: checkServicePorts },
  {
    flag: 'admin-token', key: 'adminToken', arg: 'TOKEN', help: 'require Authorization: Bearer TOKEN on /__admin (made up and printed when --host is not loopback)',
    check: (v, name) => {
      if (typeof v !== 'string') throw new UsageError(`${name} must be a string, got ${shown(v)}`);
      if (blankToken(v)) throw new UsageError(EMPTY_ADMIN_TOKEN); // an unset shell variable must not turn admin auth off
      return v;
    },
  },
  { flag: 'cors', key: 'cors', help: 'answer browsers\' CORS preflights and allow any origin (the real services send no CORS headers)', check: flag },
  { flag: 'detached', help: 'keep serving when the process that started Standin ends (default: stop with it, leaving no orphan)' },
  { flag: 'version', help: 'print the version' },
  { flag: 'help', short: 'h', help: 'show this help' },
];

/** A service's own option (e.g. `sensu-token-ttl`) checked the same way from the command line and from code. */
export function checkServiceOption(o: CliOption, v: unknown, name: string): string | boolean {
  if (o.type === 'boolean') return flag(v, name, { services: [] }) as boolean;
  // Code may give a number where the command line gives its digits.
  const value = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof value !== 'string') throw new UsageError(`${name} must be a string, got ${shown(v)}`);
  const wrong = o.check?.(value);
  if (wrong) throw new UsageError(`${name}: ${wrong}`);
  return value;
}

/** Every service's own options, by flag name, with the service they belong to. */
export function serviceOptions(services: AnyService[]): { service: AnyService; option: CliOption }[] {
  return services.flatMap((service) => (service.cliOptions ?? []).map((option) => ({ service, option })));
}

/**
 * startStandin()'s options checked as the command line checks its flags, unknown keys refused by name;
 * returns them as serve() takes them.
 */
export function checkStandinOptions(given: object, services: AnyService[]): Omit<ServeOptions, 'services'> {
  const c: OptionContext = { services, mounted: mountedNames((given as { specs?: unknown }).specs) };
  const keyed = OPTIONS.filter((r) => r.key !== undefined);
  const known = [...keyed.map((r) => r.key!), 'options'];
  const unknown = Object.keys(given).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new UsageError(`startStandin(): unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; options: ${known.join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === 'options') {
      out[key] = checkServiceOptionValues(value, services);
      continue;
    }
    const row = keyed.find((r) => r.key === key)!;
    out[key] = (row.check ?? text())(value, key, c);
  }
  return out as Omit<ServeOptions, 'services'>;
}

function checkServiceOptionValues(v: unknown, services: AnyService[]): OptionValues {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`options must map service option names to values, e.g. { 'sensu-token-ttl': '5' }`);
  const all = serviceOptions(services);
  const out: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(v)) {
    const found = all.find((o) => o.option.name === name);
    if (!found) throw new UsageError(`options: unknown option '${name}'; service options: ${all.map((o) => o.option.name).join(', ') || 'none'}`);
    if (value !== undefined) out[name] = checkServiceOption(found.option, value, `options['${name}']`);
  }
  return out;
}
