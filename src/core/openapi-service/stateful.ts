import type { OperationExchange, WireResponse } from '../service/module.js';
import type { ServiceData } from '../state/service-store.js';
import { ServiceError } from '../pipeline/problems.js';
import { answerWith, responseFor, type AnswerOptions, type Chosen } from './answer.js';
import { holdsThings, propertiesOf, type Collection, type Role } from './collections.js';
import { isJsonMediaType } from '../pipeline/body.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A mounted document's state: things by collection path, keyed by their parents' path values and id. */
export interface DocumentData extends ServiceData {
  tenant: Record<string, never>;
  shared: Record<string, Json>;
}

type Ex = OperationExchange<DocumentData>;

/** A thing's key: the parents' path values and its id, so a nested collection's things stay apart per parent. */
function parentKey(c: Collection, ex: Ex): string {
  return c.parentParams.map((p) => encodeURIComponent(ex.params[p] ?? '')).join('/');
}
const keyOf = (parent: string, id: unknown) => (parent ? `${parent}/${encodeURIComponent(String(id))}` : String(id));

/** A thing as an answer shows it: without the properties its schema marks writeOnly (at any depth). */
export function withoutWriteOnly(value: unknown, schema: unknown): unknown {
  if (Array.isArray(value)) return isObject(schema) ? value.map((v) => withoutWriteOnly(v, schema['items'])) : value;
  if (!isObject(value)) return value;
  const props = propertiesOf(schema);
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (props[k]?.['writeOnly'] === true) continue;
    out[k] = props[k] ? withoutWriteOnly(v, props[k]) : v;
  }
  return out;
}

const typesOf = (s: Json | undefined) => (Array.isArray(s?.['type']) ? (s['type'] as unknown[]).map(String) : typeof s?.['type'] === 'string' ? [s['type']] : []);

/** A new identifier: the next whole number (from the schema's minimum, or 1), else a generated value unused so far. */
function newId(c: Collection, ex: Ex, o: AnswerOptions): unknown {
  const idSchema = propertiesOf(c.schema)[c.idProperty];
  const things = ex.store.shared.values(c.path);
  if (typesOf(idSchema).some((t) => t === 'integer' || t === 'number')) {
    const min = typeof idSchema?.['minimum'] === 'number' ? idSchema['minimum'] : 1;
    return things.reduce((max, t) => (typeof t[c.idProperty] === 'number' ? Math.max(max, Math.floor(t[c.idProperty] as number) + 1) : max), Math.ceil(min));
  }
  const used = new Set(things.map((t) => String(t[c.idProperty])));
  for (let i = 0; i < 20; i++) {
    const id = o.generator.value(idSchema ?? { type: 'string', format: 'uuid' }, { seed: o.seed + things.length + i, schemaExamples: false });
    if ((typeof id === 'string' || typeof id === 'number') && !used.has(String(id))) return id;
  }
  return `${things.length + 1}-${o.seed.toString(36)}`;
}

/** The documented 404 for an unknown id, else a problem+json 404. */
function notFound(ex: Ex, c: Collection, o: AnswerOptions): WireResponse {
  const documented = responseFor(ex, 404);
  if (documented) return answerWith(ex, documented, o);
  throw new ServiceError({ kind: 'prefer_unknown', detail: `No thing at ${ex.path}: ${c.param} '${ex.params[c.param] ?? ''}' is unknown.` });
}

/** Top-level properties the thing's schema marks readOnly: kept from the stored thing when a client replaces it. */
const readOnlyOf = (c: Collection, thing: Json) => Object.fromEntries(Object.entries(propertiesOf(c.schema)).filter(([k, s]) => s['readOnly'] === true && Object.hasOwn(thing, k)).map(([k]) => [k, thing[k]]));

/** A client's body as a thing: only what the schema declares when it allows nothing else. */
function fromBody(c: Collection, body: Json): Json {
  if (c.schema['additionalProperties'] !== false) return body;
  const declared = propertiesOf(c.schema);
  return Object.fromEntries(Object.entries(body).filter(([k]) => Object.hasOwn(declared, k)));
}

/** JSON merge patch (RFC 7396) of a client's body onto a stored thing, one level deep per call. */
function merge(into: Json, patch: Json): Json {
  const out: Json = { ...into };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  }
  return out;
}

/**
 * An operation that plays a role in a collection, answered from the sandbox's state: created things are
 * stored (and acknowledged once durable), read, listed, replaced, merged and removed; an unknown id gets
 * the documented 404. The answer's status and headers are still the document's.
 */
export async function answerFromState(role: Role, ex: Ex, chosen: Chosen, o: AnswerOptions): Promise<WireResponse> {
  const c = role.collection;
  const parent = parentKey(c, ex);
  // A stored thing is the answer only where the answer's schema describes one.
  const fits = Object.entries(chosen.response.content ?? {}).some(([type, m]) => isJsonMediaType(type) && holdsThings(m.schema, c));
  const show = (thing: Json) => (fits ? { of: withoutWriteOnly(thing, c.schema) } : undefined);
  if (role.kind === 'list') {
    const prefix = parent ? `${parent}/` : '';
    const things = ex.store.shared.entries(c.path).filter(([key]) => !parent || (key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))).map(([, t]) => t);
    const offset = Number(ex.query['offset'] ?? 0);
    const limit = ex.query['limit'] === undefined ? undefined : Number(ex.query['limit']);
    const from = Number.isInteger(offset) && offset > 0 ? offset : 0;
    const page = things.slice(from, limit !== undefined && Number.isInteger(limit) && limit >= 0 ? from + limit : undefined).map((t) => withoutWriteOnly(t, c.schema));
    if (role.property === undefined) return answerWith(ex, chosen, { ...o, value: { of: page } });
    const media = Object.entries(chosen.response.content ?? {}).find(([, m]) => m.schema)?.[1];
    const wrapper = media ? o.generator.value(media.schema, { seed: o.seed, schemaExamples: true }) : {};
    return answerWith(ex, chosen, { ...o, value: { of: { ...(isObject(wrapper) ? wrapper : {}), [role.property]: page } } });
  }
  if (role.kind === 'create') {
    if (!isObject(ex.body)) return answerWith(ex, chosen, o);
    const base = o.generator.value(c.schema, { seed: o.seed, schemaExamples: true, stored: true });
    const given = fromBody(c, ex.body);
    const id = given[c.idProperty] ?? newId(c, ex, o);
    const thing: Json = { ...(isObject(base) ? base : {}), ...given, [c.idProperty]: id };
    await ex.store.write((tx) => tx.shared.put(c.path, keyOf(parent, id), thing));
    return answerWith(ex, chosen, { ...o, value: show(thing) });
  }
  const key = keyOf(parent, ex.params[c.param] ?? '');
  const stored = ex.store.shared.get(c.path, key);
  if (!stored) return notFound(ex, c, o);
  if (role.kind === 'read') return answerWith(ex, chosen, { ...o, value: show(stored) });
  if (role.kind === 'remove') {
    await ex.store.write((tx) => tx.shared.delete(c.path, key));
    return answerWith(ex, chosen, o);
  }
  if (!isObject(ex.body)) return answerWith(ex, chosen, { ...o, value: show(stored) });
  const given = fromBody(c, ex.body);
  const thing = role.kind === 'replace' ? { ...readOnlyOf(c, stored), ...given, [c.idProperty]: stored[c.idProperty] } : { ...merge(stored, given), [c.idProperty]: stored[c.idProperty] };
  await ex.store.write((tx) => tx.shared.put(c.path, key, thing));
  return answerWith(ex, chosen, { ...o, value: show(thing) });
}
