type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];

/**
 * A schema graph (dereferenced, so possibly cyclic) without the properties marked `flag` (`writeOnly` in
 * answers, `readOnly` in what a client sends), also dropped from `required`. Copies are made once per
 * schema object and shared, so cycles stay cycles.
 */
export class SchemaView {
  private readonly copies = new WeakMap<object, Json>();

  constructor(private readonly flag: 'writeOnly' | 'readOnly') {}

  of(schema: unknown): unknown {
    if (!isObject(schema)) return schema;
    const done = this.copies.get(schema);
    if (done) return done;
    const copy: Json = { ...schema };
    this.copies.set(schema, copy);
    for (const k of SUBSCHEMA_MAPS) {
      if (!isObject(schema[k])) continue;
      const kept = Object.entries(schema[k]).filter(([, s]) => !(k === 'properties' && isObject(s) && s[this.flag] === true));
      copy[k] = Object.fromEntries(kept.map(([name, s]) => [name, this.of(s)]));
      if (k === 'properties' && Array.isArray(schema['required']) && kept.length !== Object.keys(schema[k]).length) {
        copy['required'] = schema['required'].filter((n) => Object.hasOwn(copy[k] as Json, String(n)));
      }
    }
    for (const k of SUBSCHEMA_LISTS) if (Array.isArray(schema[k])) copy[k] = schema[k].map((s) => this.of(s));
    for (const k of SUBSCHEMAS) if (isObject(schema[k])) copy[k] = this.of(schema[k]);
    return copy;
  }
}


/** What an answer must hold: OpenAPI's writeOnly properties are neither required nor expected in a response. */
export const answerView = new SchemaView('writeOnly');
