import { CoreError } from '../http/core-error.js';
import type { Schema } from '../admin/types.js';
import { compileGlob, globProblem, type Glob } from './glob.js';

/**
 * A fault rule, as `POST /__admin/faults` takes it (WireMock's faults, Mockoon's latency, Prism's codes):
 * the admin spec's FaultRule, whose description says what each field does.
 */
export type FaultRule = Schema<'FaultRule'>;

/** A rule in force: the rule with its id, its sandbox and how many requests it has hit so far. */
export type Fault = Schema<'Fault'>;

interface Compiled {
  fault: Fault;
  path: Glob | undefined;
}

/** A fault rule refused (400 `bad_fault` on the admin API; thrown as is by RunningStandin.fault). */
export class FaultError extends CoreError {
  constructor(message: string) {
    super(400, 'bad_fault', message);
  }
}

/** Checks a rule's fields; returns what is wrong, or undefined. */
export function checkRule(r: unknown, services: string[]): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'a fault rule is a JSON object';
  const rule = r as Record<string, unknown>;
  const known = ['service', 'method', 'path', 'status', 'body', 'latencyMs', 'latencyMaxMs', 'reset', 'rateLimit', 'retryAfterSeconds', 'times', 'probability'];
  const unknown = Object.keys(rule).filter((k) => !known.includes(k));
  if (unknown.length) return `unknown field(s): ${unknown.join(', ')}`;
  if (rule['service'] !== undefined && !services.includes(String(rule['service']))) return `no service named '${String(rule['service'])}'; services: ${services.join(', ')}`;
  const int = (k: string, min: number, max: number) => rule[k] === undefined || (Number.isInteger(rule[k]) && (rule[k] as number) >= min && (rule[k] as number) <= max);
  if (!int('status', 100, 599)) return 'status must be an HTTP status (100–599)';
  if (!int('latencyMs', 0, 600_000) || !int('latencyMaxMs', 0, 600_000)) return 'latencyMs and latencyMaxMs must be whole milliseconds (0–600000)';
  if (rule['latencyMaxMs'] !== undefined && (rule['latencyMs'] === undefined || (rule['latencyMaxMs'] as number) < (rule['latencyMs'] as number))) return 'latencyMaxMs needs latencyMs and must not be below it';
  if (!int('times', 1, 1_000_000)) return 'times must be a whole number of at least 1';
  if (!int('retryAfterSeconds', 0, 86_400)) return 'retryAfterSeconds must be whole seconds';
  const p = rule['probability'];
  if (p !== undefined && (typeof p !== 'number' || p < 0 || p > 1)) return 'probability must be a number from 0 to 1';
  for (const k of ['reset', 'rateLimit']) if (rule[k] !== undefined && typeof rule[k] !== 'boolean') return `${k} must be true or false`;
  for (const k of ['service', 'method', 'path']) if (rule[k] !== undefined && typeof rule[k] !== 'string') return `${k} must be a string`;
  if (typeof rule['path'] === 'string' && !/^[/*]/.test(rule['path'])) return "path is relative to the service prefix and starts with '/' (or a glob '*')";
  if (typeof rule['path'] === 'string' && globProblem(rule['path'])) return `path: ${globProblem(rule['path'])}`;
  if (rule['body'] !== undefined && rule['status'] === undefined) return 'body needs a status';
  if (rule['status'] === undefined && rule['latencyMs'] === undefined && !rule['reset'] && !rule['rateLimit']) return 'a fault needs an effect: status, latencyMs, reset or rateLimit';
  return undefined;
}

/** A rule as it is shown: the rule with its id, sandbox and hits (a method upper-cased). */
export function faultOf(id: string, sandbox: string, rule: FaultRule, hits = 0): Fault {
  return { ...rule, id, sandbox, hits, ...(rule.method ? { method: rule.method.toUpperCase() } : {}) };
}

/**
 * The fault rules in force, per sandbox; matching costs nothing while there are none. With a shared
 * database (state/pg/faults.ts) this is the instance's copy of the rules there.
 */
export class Faults {
  private rules: Compiled[] = [];
  private seq = 0;

  get size(): number {
    return this.rules.length;
  }

  add(sandbox: string, rule: FaultRule): Fault {
    return this.keep(faultOf(`f${++this.seq}`, sandbox, rule));
  }

  private keep(fault: Fault): Fault {
    this.rules.push({ fault, path: fault.path === undefined ? undefined : compileGlob(fault.path) });
    return fault;
  }

  /** Replaces every rule (a shared database's, in order). */
  load(faults: Fault[]): void {
    this.rules = [];
    for (const f of faults) this.keep(f);
  }

  list(sandbox?: string): Fault[] {
    return this.rules.filter((r) => sandbox === undefined || r.fault.sandbox === sandbox).map((r) => r.fault);
  }

  remove(sandbox: string | undefined, id?: string): number {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => !((sandbox === undefined || r.fault.sandbox === sandbox) && (id === undefined || r.fault.id === id)));
    return before - this.rules.length;
  }

  /** The rules that hit this request, in order (probability rolled), without counting them. */
  *candidates(sandbox: string, service: string, method: string, path: string, random: () => number): Generator<Fault> {
    for (const r of this.rules) {
      const f = r.fault;
      if (f.sandbox !== sandbox || (f.service !== undefined && f.service !== service) || (f.method !== undefined && f.method !== method)) continue;
      if (r.path && !r.path.test(path)) continue;
      if (f.probability !== undefined && random() >= f.probability) continue;
      yield f;
    }
  }

  /** Counts a hit; a rule that has hit `times` requests goes. */
  counted(f: Fault, hits = f.hits + 1): void {
    f.hits = hits;
    if (f.times !== undefined && f.hits >= f.times) this.rules = this.rules.filter((x) => x.fault !== f);
  }

  /** The first rule that hits this request (counting it against `times`), or undefined. */
  hit(sandbox: string, service: string, method: string, path: string, random: () => number): Fault | undefined {
    if (!this.rules.length) return undefined;
    for (const f of this.candidates(sandbox, service, method, path, random)) {
      this.counted(f);
      return f;
    }
    return undefined;
  }
}
