import type { SpecOperation } from '../boot/spec.js';
import { isJsonMediaType } from '../pipeline/body.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A collection the document implies: things created at `path`, each at `itemPath`. */
export interface Collection {
  /** e.g. `/planets`; also the name of the store collection that holds them. */
  path: string;
  /** e.g. `/planets/{planetId}`. */
  itemPath: string;
  /** The path parameter that names a thing (`planetId`). */
  param: string;
  /** Path parameters of the collection itself (a nested collection's parents), in order. */
  parentParams: string[];
  /** The thing's identifier property (the parameter's name, else `id`). */
  idProperty: string;
  /** What `GET itemPath` answers: the schema of one thing. */
  schema: Json;
}

export type Role =
  | { kind: 'create' | 'read' | 'replace' | 'update' | 'remove'; collection: Collection }
  /** `property`: the array of things inside an object answer (a page), or undefined for a bare array. */
  | { kind: 'list'; collection: Collection; property: string | undefined };

/** The properties an object schema declares, its `allOf` branches' included (the first declaration wins). */
export function propertiesOf(schema: unknown, into: Record<string, Json> = {}, seen = new Set<object>()): Record<string, Json> {
  if (!isObject(schema) || seen.has(schema)) return into;
  seen.add(schema);
  if (isObject(schema['properties'])) for (const [k, v] of Object.entries(schema['properties'])) if (isObject(v) && !Object.hasOwn(into, k)) into[k] = v;
  if (Array.isArray(schema['allOf'])) for (const branch of schema['allOf']) propertiesOf(branch, into, seen);
  return into;
}

const isObjectSchema = (s: unknown): s is Json => isObject(s) && (s['type'] === 'object' || Object.keys(propertiesOf(s)).length > 0);

/** The JSON schema of the operation's first documented 2xx (or default) response. */
function successSchema(op: SpecOperation | undefined): unknown {
  const responses = (op?.operation.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>;
  const code = Object.keys(responses).filter((c) => /^2(\d\d|XX)$/i.test(c)).sort()[0] ?? (responses['default'] ? 'default' : undefined);
  const content = code ? responses[code]?.content : undefined;
  const json = Object.keys(content ?? {}).find(isJsonMediaType);
  return json ? content![json]!.schema : undefined;
}

const documentsSuccess = (op: SpecOperation) => Object.keys(op.operation.responses ?? {}).some((c) => /^2(\d\d|XX)$/i.test(c) || c === 'default');
const takesJson = (op: SpecOperation) => Object.keys(((op.operation.requestBody ?? {}) as { content?: object }).content ?? {}).some(isJsonMediaType);

/** Whether a schema describes things of the collection: the thing's own schema, or one with its identifier. */
export const holdsThings = (s: unknown, c: Collection) => s === c.schema || (isObject(s) && Object.hasOwn(propertiesOf(s), c.idProperty));

/** How `GET path` lists things: a bare array of them, or an object with one array property of them. */
function listShape(schema: unknown, c: Collection): { property: string | undefined } | undefined {
  if (isObject(schema) && schema['type'] === 'array' && holdsThings(schema['items'], c)) return { property: undefined };
  for (const [name, s] of Object.entries(propertiesOf(schema))) if (s['type'] === 'array' && holdsThings(s['items'], c)) return { property: name };
  return undefined;
}

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/**
 * The collections a document implies, and the role each operation plays in them. The rules (README,
 * "Mounting any OpenAPI document"): an item path ends in one `{param}` segment and its collection path is
 * the rest; there is a collection when `GET item` answers a JSON object that declares the identifier (the
 * parameter's name, else `id`) and `POST collection` takes a JSON body and documents a 2xx or default
 * answer. Then POST creates, `GET item` reads, PUT replaces, PATCH merges, DELETE removes (each when it
 * documents a 2xx or default answer), and `GET collection` lists when it answers an array of things or an
 * object with one array of things.
 */
export function inferCollections(operations: SpecOperation[]): { collections: Collection[]; roles: Map<string, Role> } {
  const at = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path);
  const collections: Collection[] = [];
  const roles = new Map<string, Role>();
  for (const read of operations) {
    const m = /^(.*)\/\{([^}/]+)\}$/.exec(read.path);
    if (read.method !== 'get' || !m || !m[1]) continue;
    const [, path, param] = m as unknown as [string, string, string];
    const create = at('post', path);
    const schema = successSchema(read);
    if (!create || !takesJson(create) || !documentsSuccess(create) || !isObjectSchema(schema)) continue;
    const declared = propertiesOf(schema);
    const idProperty = Object.hasOwn(declared, param) ? param : Object.hasOwn(declared, 'id') ? 'id' : undefined;
    if (!idProperty) continue;
    const c: Collection = { path, itemPath: read.path, param, parentParams: pathParams(path), idProperty, schema };
    collections.push(c);
    roles.set(create.operationId, { kind: 'create', collection: c });
    roles.set(read.operationId, { kind: 'read', collection: c });
    for (const [method, kind] of [['put', 'replace'], ['patch', 'update'], ['delete', 'remove']] as const) {
      const op = at(method, read.path);
      if (op && documentsSuccess(op)) roles.set(op.operationId, { kind, collection: c });
    }
    const list = at('get', path);
    const shape = list && listShape(successSchema(list), c);
    if (list && shape) roles.set(list.operationId, { kind: 'list', collection: c, property: shape.property });
  }
  return { collections, roles };
}
