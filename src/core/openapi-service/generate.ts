import { createHash, randomInt } from 'node:crypto';
import { generateSync, type JsonSchema } from 'json-schema-faker';
import type { Exchange } from '../service/module.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { answerView } from '../pipeline/schema-view.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

/** Formats json-schema-faker lacks that OpenAPI documents use, so generated values pass their format checks. */
const FORMATS: Record<string, (random: { int(min: number, max: number): number }) => string> = {
  byte: (r) => base64(Array.from({ length: 6 }, () => r.int(0, 255))),
  binary: (r) => String.fromCharCode(...Array.from({ length: 8 }, () => r.int(97, 122))),
  password: (r) => `pw-${r.int(100000, 999999)}`,
};

/** Without `--seed`, an answer is one of this many generated per response (kept once made: generating costs ~1 ms). */
const UNSEEDED_VARIANTS = 32;
/** Values kept per schema, most recent first out (seeded answers of repeated requests). */
const KEPT_PER_SCHEMA = 512;

/**
 * The seed of one answer: with `--seed`, a hash of the seed and the request (method, path, query, body),
 * so the same request gets the same answer in any order and across restarts; without, fresh each time.
 */
export function answerSeed(seed: number | undefined, ex: Exchange): number {
  if (seed === undefined) return randomInt(UNSEEDED_VARIANTS);
  const method = ex.req.method === 'HEAD' ? 'GET' : ex.req.method;
  const h = createHash('sha256').update(`${seed}\0${method}\0${ex.path}\0${ex.rawQuery}\0`);
  if (ex.rawBody) h.update(ex.rawBody);
  return h.digest().readUInt32LE(0);
}

export interface GenerateOptions {
  seed: number;
  /** Use the schema's own `examples` and `default` where it has them (false for `Prefer: dynamic=true`). */
  schemaExamples: boolean;
  /** A whole thing as stored, writeOnly properties included (default: as an answer carries it, without them). */
  stored?: boolean;
}

/**
 * Values generated from one mounted document's schemas. A circular schema (a tree of nodes) is generated
 * from the bundled schema it came from, whose `$ref`s json-schema-faker follows to a bounded depth, so it
 * ends instead of unrolling as the dereferenced graph would.
 */
export class DocumentGenerator {
  private readonly answers = answerView;
  private readonly targets = new Map<string, unknown>();

  constructor(
    private readonly bundled: Json,
    private readonly sources: WeakMap<object, unknown>,
  ) {}

  private resolve = (ref: string): JsonSchema => {
    let target = this.targets.get(ref);
    if (target === undefined && ref.startsWith('#/')) {
      const found = ref.slice(2).split('/').reduce<unknown>((at, key) => (isObject(at) ? at[decodeURIComponent(key).replaceAll('~1', '/').replaceAll('~0', '~')] : undefined), this.bundled);
      target = this.answers.of(found ?? {});
      this.targets.set(ref, target);
    }
    return (target ?? {}) as JsonSchema;
  };

  private readonly cyclic = new WeakMap<object, boolean>();
  private readonly checks = new WeakMap<object, ValidateFunction | undefined>();
  private ajvInstance: Ajv2020 | undefined;

  private isCyclic(schema: Json): boolean {
    let found = this.cyclic.get(schema);
    if (found === undefined) {
      try {
        JSON.stringify(schema);
        found = false;
      } catch {
        found = true;
      }
      this.cyclic.set(schema, found);
    }
    return found;
  }

  /** A check of generated values (json-schema-faker misses some oneOf overlaps); none for a schema Ajv refuses. */
  private checkOf(view: object): ValidateFunction | undefined {
    if (this.checks.has(view)) return this.checks.get(view);
    if (!this.ajvInstance) {
      this.ajvInstance = new Ajv2020({ strict: false, validateFormats: true, logger: false });
      addFormats.default(this.ajvInstance);
    }
    let check: ValidateFunction | undefined;
    try {
      check = this.ajvInstance.compile(view);
    } catch {
      check = undefined;
    }
    this.checks.set(view, check);
    return check;
  }

  /**
   * A value the schema accepts, as an answer carries it (writeOnly properties left out), with every
   * optional property. An acyclic schema is generated dereferenced and the value checked; one that fails
   * is generated again (with the schema's own examples only the first times: they may break its rules).
   */
  private readonly kept = new WeakMap<object, Map<string, unknown>>();

  /** A generated value depends only on the schema, the seed and the options: kept, bounded, and never mutated by callers. */
  value(schema: unknown, o: GenerateOptions): unknown {
    if (!isObject(schema)) return generateSync((schema ?? true) as JsonSchema, { seed: o.seed });
    let values = this.kept.get(schema);
    if (!values) this.kept.set(schema, (values = new Map()));
    const key = `${o.seed}:${o.schemaExamples ? 1 : 0}${o.stored ? 1 : 0}`;
    if (values.has(key)) return values.get(key);
    const value = this.generate(schema, o);
    if (values.size >= KEPT_PER_SCHEMA) values.delete(values.keys().next().value!);
    values.set(key, value);
    return value;
  }

  private generate(schema: Json, o: GenerateOptions): unknown {
    const cyclic = this.isCyclic(schema);
    const source = cyclic ? (this.sources.get(schema) ?? schema) : schema;
    const view = (o.stored ? source : this.answers.of(source)) as Json;
    const check = cyclic ? undefined : this.checkOf(view);
    let value: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      value = generateSync(view as JsonSchema, {
        seed: (o.seed + attempt * 7919) >>> 0,
        alwaysFakeOptionals: true,
        useExamplesValue: o.schemaExamples && attempt < 3,
        useDefaultValue: o.schemaExamples && attempt < 3,
        maxDefaultItems: 3,
        refDepthMax: 2,
        refResolver: this.resolve,
        formats: FORMATS,
      });
      if (!check || check(value)) return value;
    }
    return value;
  }
}

/** Pairs each node of the dereferenced document with the node of the bundled one it was made from. */
export function sourcesOf(dereferenced: unknown, bundled: unknown, into = new WeakMap<object, unknown>(), expanded = new WeakSet<object>()): WeakMap<object, unknown> {
  if (typeof dereferenced !== 'object' || dereferenced === null || typeof bundled !== 'object' || bundled === null) return into;
  if (isObject(bundled) && typeof bundled['$ref'] === 'string') {
    if (!into.has(dereferenced)) into.set(dereferenced, bundled);
    return into;
  }
  if (expanded.has(dereferenced)) return into;
  expanded.add(dereferenced);
  into.set(dereferenced, bundled);
  const d = dereferenced as Record<string, unknown>;
  for (const [k, v] of Object.entries(bundled)) sourcesOf(d[k], v, into, expanded);
  return into;
}
