import fc from 'fast-check';

export type Schema = Record<string, unknown>;

export const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function types(schema: Schema): string[] {
  const t = schema['type'];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

// Mostly printable ASCII, with single-code-point Unicode mixed in (a unit is one code point, so lengths
// mean what JSON Schema's minLength/maxLength mean).
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 }) },
);

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const minLength = num(schema['minLength'], 0);
  const maxLength = Math.min(num(schema['maxLength'], minLength + 24), minLength + 24);
  const length = (s: string) => [...s].length >= minLength && [...s].length <= num(schema['maxLength'], Infinity);
  if (typeof schema['pattern'] === 'string') return fc.stringMatching(new RegExp(schema['pattern'])).filter(length);
  switch (schema['format']) {
    case 'date-time':
      return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
      // Not fc.webUrl: building one costs half a second.
      return fc.stringMatching(/^https?:\/\/[a-z][a-z0-9]{0,11}(\.[a-z][a-z0-9]{0,7}){0,2}(:[1-9][0-9]{0,3})?(\/[A-Za-z0-9._~-]{1,12}){0,3}$/).filter(length);
    case 'email':
      return fc.emailAddress().filter(length);
    case 'uuid':
      return fc.uuid();
  }
  // A required-non-empty string is also non-blank: services that refuse "" refuse "  " too.
  const s = fc.string({ unit, minLength, maxLength });
  return minLength > 0 ? s.filter((v) => v.trim() !== '') : s;
}

// Arbitraries are immutable and some are costly to build (stringMatching): one per schema.
const built = new Map<string, fc.Arbitrary<unknown>>();

/** Values valid for a JSON Schema (the subset the specs use), for property-based requests. */
export function arbitraryFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const key = `${depth} ${JSON.stringify(schema)}`;
  let arb = built.get(key);
  if (!arb) built.set(key, (arb = build(schema, depth)));
  return arb;
}

function build(schema: unknown, depth: number): fc.Arbitrary<unknown> {
  if (!isSchema(schema)) return fc.jsonValue({ maxDepth: 1 });
  if (schema['const'] !== undefined) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) return fc.oneof(...branches.map((b) => arbitraryFor(b, depth + 1)));
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length) return arbitraryFor(Object.assign({}, ...allOf.filter(isSchema), { ...schema, allOf: undefined }), depth + 1);
  const ts = types(schema);
  if (ts.length > 1) return fc.oneof(...ts.map((t) => arbitraryFor({ ...schema, type: t }, depth)));
  switch (ts[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: num(schema['minimum'], -1000), max: num(schema['maximum'], 1000) });
    case 'number':
      return fc.double({ min: num(schema['minimum'], -1e6), max: num(schema['maximum'], 1e6), noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringFor(schema);
    case 'array': {
      const minLength = num(schema['minItems'], 0);
      const maxLength = Math.max(minLength, Math.min(num(schema['maxItems'], 3), 3));
      if (depth > 3) return fc.constant([]);
      const items = arbitraryFor(schema['items'], depth + 1);
      return schema['uniqueItems'] === true
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const props = isSchema(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
      if (depth > 3) return fc.constant({});
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]));
      const record = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
      const extra = schema['additionalProperties'];
      if (!isSchema(extra) || Object.keys(props).length) return record;
      // A map (`additionalProperties: {schema}`, no named properties): a few keys of its own.
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryFor(extra, depth + 1), { maxKeys: 3 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of a type the property's schema does not allow and no real service coerces (objects, arrays). */
export function wrongTypeFor(schema: unknown): unknown | undefined {
  if (!isSchema(schema)) return undefined;
  const ts = types(schema);
  if (!ts.length && !Array.isArray(schema['enum']) && schema['const'] === undefined) return undefined;
  if (!ts.includes('object')) return { wrong: 'type' };
  if (!ts.includes('array')) return ['wrong', 'type'];
  return undefined;
}

/** Where a mutation was made and what it was, so a failure names it. */
export interface Mutation {
  what: string;
  value: unknown;
}

/**
 * Invalid values for an object schema: each drops one required property or puts a wrong type into one
 * property, at the top or one object level down (`assets[0].asset_id`). Every one breaks the schema.
 */
export function invalidValues(schema: unknown, depth = 0, at = 'body'): fc.Arbitrary<Mutation>[] {
  if (!isSchema(schema) || depth > 2) return [];
  const ts = types(schema);
  if (ts.includes('array') && isSchema(schema['items'])) {
    // One item broken, in an otherwise valid list.
    return invalidValues(schema['items'], depth + 1, `${at}[0]`).map((m) =>
      fc.tuple(m, fc.array(arbitraryFor(schema['items'], depth + 1), { maxLength: 2 })).map(([bad, rest]) => ({ what: bad.what, value: [bad.value, ...rest] })),
    );
  }
  if (!isSchema(schema['properties'])) return [];
  const props = schema['properties'];
  const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  const valid = arbitraryFor(schema, depth).map((b) => (isSchema(b) ? b : {}));
  const out: fc.Arbitrary<Mutation>[] = [];
  for (const r of required) {
    out.push(valid.map((b) => ({ what: `${at}.${r} missing`, value: Object.fromEntries(Object.entries(b).filter(([k]) => k !== r)) })));
  }
  for (const [k, sub] of Object.entries(props)) {
    const wrong = wrongTypeFor(sub);
    if (wrong !== undefined) out.push(valid.map((b) => ({ what: `${at}.${k} of a wrong type`, value: { ...b, [k]: wrong } })));
    for (const nested of invalidValues(sub, depth + 1, `${at}.${k}`)) {
      out.push(fc.tuple(valid, nested).map(([b, m]) => ({ what: m.what, value: { ...b, [k]: m.value } })));
    }
  }
  return out;
}
