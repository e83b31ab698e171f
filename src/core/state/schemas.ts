import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AnyService, JsonSchema } from '../service/module.js';
import { SpecError, type LoadedSpec } from '../boot/spec.js';
import type { CollectionsJson, ServiceStateJson } from './tree.js';
import { closedSchema } from './closed-schema.js';

type Scope = 'shared' | 'tenant';
const SPEC_REF = /^#\/components\/schemas\/([^/]+)/;
const MAX_ERRORS = 3;
const version = (pkg: string) => (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
const VALIDATOR_VERSIONS = `ajv ${version('ajv')}, ajv-formats ${version('ajv-formats')}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Names of the spec's component schemas a declaration refers to (`$ref` at any depth). */
function specRefs(v: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => specRefs(x, into));
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const name = k === '$ref' && typeof x === 'string' ? SPEC_REF.exec(x)?.[1] : undefined;
      if (name !== undefined) into.add(name.replaceAll('~1', '/').replaceAll('~0', '~'));
      else specRefs(x, into);
    }
  }
  return into;
}

const fieldPath = (instancePath: string) => instancePath.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');

/** Failed checks as a reader wants them: `metadata.name must be string`, missing fields together. */
function describeAll(errors: ErrorObject[] | null | undefined): string {
  const missing = new Map<string, string[]>();
  const other: string[] = [];
  for (const e of errors ?? []) {
    const at = fieldPath(e.instancePath);
    const param = (name: string) => String((e.params as Record<string, unknown>)[name]);
    if (e.keyword === 'required') missing.set(at, [...(missing.get(at) ?? []), param('missingProperty')]);
    else if (e.keyword === 'additionalProperties') other.push(`${at ? `${at} ` : ''}must not have '${param('additionalProperty')}'`);
    else if (e.keyword === 'unevaluatedProperties') other.push(`${at ? `${at} ` : ''}has unknown key '${param('unevaluatedProperty')}'`);
    else other.push(`${at ? `${at} ` : ''}${e.message ?? 'is not valid'}`);
  }
  const all = [...new Set([...[...missing].map(([at, names]) => `${at ? `${at} ` : ''}lacks required ${[...new Set(names)].map((n) => `'${n}'`).join(', ')}`), ...other])];
  return all.slice(0, MAX_ERRORS).join('; ') + (all.length > MAX_ERRORS ? `; and ${all.length - MAX_ERRORS} more` : '');
}

/**
 * Prepares services' record schemas (`stateSchemas`); one per runtime, sharing one Ajv. Compiling waits
 * for the first check: at startup, fixtures already known to pass need none (see `fingerprint`).
 */
export class StateSchemaCompiler {
  private ajvInstance: Ajv2020 | undefined;

  private get ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      this.ajvInstance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
      addFormats.default(this.ajvInstance);
    }
    return this.ajvInstance;
  }

  /** The module's declaration, ready to compile; undefined when it declares none. A ref the spec lacks is a SpecError. */
  prepare(module: AnyService, spec: LoadedSpec): StateSchemaCheck | undefined {
    const declared = module.stateSchemas as Record<Scope, Record<string, JsonSchema>> | undefined;
    if (!declared) return undefined;
    // The spec's components (dereferenced, so self-contained) sit in the same document as the
    // declarations, where `#/components/schemas/...` points.
    const specSchemas = (spec.document.components?.schemas ?? {}) as Record<string, unknown>;
    for (const name of specRefs(declared)) {
      if (!Object.hasOwn(specSchemas, name)) throw new SpecError(`${module.name}: stateSchemas refer to #/components/schemas/${name}, which ${spec.file} lacks`);
    }
    // The spec's schemas are written into each declaration, closed: a stored record holds no key its service does not keep.
    const closed = (scope: Scope) => {
      try {
        return Object.fromEntries(Object.entries(declared[scope]).map(([collection, schema]) => [collection, closedSchema(schema, specSchemas) as JsonSchema]));
      } catch (e) {
        throw new SpecError(`${module.name}: stateSchemas: ${(e as Error).message}`);
      }
    };
    const document = { $id: `urn:standin:state:${module.name}`, $defs: { shared: closed('shared'), tenant: closed('tenant') } };
    return new StateSchemaCheck(module.name, document, () => this.compile(module.name, document));
  }

  private compile(service: string, document: StateDocument): Validators {
    const validators: Validators = { shared: new Map(), tenant: new Map() };
    try {
      this.ajv.addSchema(document);
      for (const scope of ['shared', 'tenant'] as const) {
        for (const collection of Object.keys(document.$defs[scope])) {
          validators[scope].set(collection, this.ajv.compile({ $ref: `${document.$id}#/$defs/${scope}/${pointer(collection)}` }));
        }
      }
    } catch (e) {
      throw new SpecError(`${service}: stateSchemas: ${(e as Error).message}`);
    }
    return validators;
  }
}

interface StateDocument {
  $id: string;
  $defs: Record<Scope, Record<string, JsonSchema>>;
}
type Validators = Record<Scope, Map<string, ValidateFunction>>;

/** One service's record schemas, against which its stored state is checked. */
export class StateSchemaCheck {
  private compiled: Validators | undefined;

  constructor(
    private readonly service: string,
    private readonly document: StateDocument,
    private readonly compile: () => Validators,
  ) {}

  /**
   * A text that is the same exactly when the schemas, the state and the validator are: a state that passed
   * once with it need not be checked again (startup remembers passing fixtures). Undefined when the
   * schemas cannot be written as JSON.
   */
  fingerprint(state: ServiceStateJson): string | undefined {
    try {
      return `state-schemas\0${VALIDATOR_VERSIONS}\0${JSON.stringify(this.document)}\0${JSON.stringify(state)}`;
    } catch {
      return undefined;
    }
  }

  /** What is wrong with the state, naming where (the first bad part found), or undefined when it all fits. */
  problem(state: ServiceStateJson): string | undefined {
    let wrong = this.collectionsProblem(state.shared ?? {}, undefined);
    for (const [key, colls] of Object.entries(state.tenants ?? {})) wrong ??= this.collectionsProblem(colls, key);
    return wrong && `service '${this.service}', ${wrong}`;
  }

  private collectionsProblem(colls: CollectionsJson, tenant: string | undefined): string | undefined {
    const scope: Scope = tenant === undefined ? 'shared' : 'tenant';
    const validators = (this.compiled ??= this.compile())[scope];
    const where = tenant === undefined ? 'shared collection' : `tenant '${tenant}', collection`;
    for (const [collection, records] of Object.entries(colls)) {
      const validate = validators.get(collection);
      if (!validate) {
        const known = [...validators.keys()].join(', ') || 'none';
        return `${where} '${collection}': unknown collection (${scope} collections: ${known})`;
      }
      for (const [id, record] of Object.entries(records)) {
        if (!validate(record)) return `${where} '${collection}', record '${id}': ${describeAll(validate.errors)}`;
      }
    }
    return undefined;
  }
}
