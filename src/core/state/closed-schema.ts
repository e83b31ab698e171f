const SPEC_REF = /^#\/components\/schemas\/(.+)$/;
const OPEN_KEYWORDS = ['additionalProperties', 'unevaluatedProperties', 'patternProperties'];
const SUBSCHEMA_MAPS = ['properties', '$defs', 'dependentSchemas'];
const SUBSCHEMAS = ['items', 'contains', 'not', 'if', 'then', 'else', 'additionalProperties', 'unevaluatedProperties', 'propertyNames'];

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const unescape = (s: string) => s.replaceAll('~1', '/').replaceAll('~0', '~');

/** The node a `#/components/schemas/...` pointer names in the spec's (dereferenced) schemas. */
function resolve(ref: string, components: Schema): unknown {
  const m = SPEC_REF.exec(ref);
  if (!m) return undefined;
  let node: unknown = components;
  for (const part of m[1]!.split('/').map(unescape)) node = isObject(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  return node;
}

/**
 * A record schema with the spec's schemas it refers to written in, and every object in it closed
 * (`unevaluatedProperties: false`) unless it says what else it allows, so a stored record with a key its
 * service does not keep is refused, naming the key. `allOf` branches stay open: their parent is closed
 * and sees what every branch evaluates. Returns the declaration unchanged where nothing refers back.
 */
export function closedSchema(schema: unknown, components: Schema, seen = new Map<unknown, Schema>(), branch = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closedSchema(s, components, seen, branch));
  if (!isObject(schema)) return schema;
  const key = branch ? undefined : schema;
  const done = key && seen.get(key);
  if (done) return done;
  const out: Schema = {};
  if (key) seen.set(key, out);
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') {
      const target = resolve(v, components);
      if (target === undefined) throw new Error(`${v} is not in the spec`);
      // A $ref with siblings applies both: the target becomes an allOf branch.
      const rest = Object.keys(schema).filter((x) => x !== '$ref');
      if (rest.length) out['allOf'] = [...((out['allOf'] as unknown[]) ?? []), closedSchema(target, components, seen, true)];
      else Object.assign(out, closedSchema(target, components, seen, branch));
    } else if (k === 'allOf' && Array.isArray(v)) {
      out[k] = [...((out[k] as unknown[]) ?? []), ...v.map((s) => closedSchema(s, components, seen, true))];
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'prefixItems') && Array.isArray(v)) {
      out[k] = v.map((s) => closedSchema(s, components, seen, false));
    } else if (SUBSCHEMA_MAPS.includes(k) && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, closedSchema(s, components, seen, false)]));
    } else if (SUBSCHEMAS.includes(k) && isObject(v)) {
      out[k] = closedSchema(v, components, seen, false);
    } else {
      out[k] = v;
    }
  }
  const describesObject = out['properties'] !== undefined || out['allOf'] !== undefined;
  if (!branch && describesObject && !OPEN_KEYWORDS.some((k) => k in out)) out['unevaluatedProperties'] = false;
  return out;
}
