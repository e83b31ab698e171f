/**
 * A bundled OpenAPI 3.0 document brought to 3.1, so that one JSON Schema dialect (2020-12) serves the
 * validator, the generator, the response checks and the state schemas; and a 3.1 document's `$dynamicRef`s
 * made plain `$ref`s. Works on the bundled form (internal `$ref` strings, no cycles), in place.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const each = (v: unknown, fn: (x: unknown) => void) => (isObject(v) ? Object.values(v).forEach(fn) : undefined);

type Visit = (schema: Json) => void;

/** Calls `visit` on a schema and every schema inside it, parents first (`visit` may rewrite the node in place). */
function walkSchema(s: unknown, visit: Visit): void {
  if (Array.isArray(s)) return s.forEach((x) => walkSchema(x, visit));
  if (!isObject(s) || typeof s['$ref'] === 'string') return;
  visit(s);
  each(s['properties'], (x) => walkSchema(x, visit));
  each(s['patternProperties'], (x) => walkSchema(x, visit));
  each(s['$defs'], (x) => walkSchema(x, visit));
  for (const k of ['items', 'prefixItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf']) walkSchema(s[k], visit);
}

/** Every schema of a bundled document: components, parameters, headers, bodies and responses. */
export function walkDocument(doc: Json, visit: Visit): void {
  const content = (c: unknown) => each(c, (media) => isObject(media) && walkSchema(media['schema'], visit));
  const parameter = (p: unknown) => {
    if (!isObject(p)) return;
    walkSchema(p['schema'], visit);
    content(p['content']);
  };
  const response = (r: unknown) => {
    if (!isObject(r)) return;
    each(r['headers'], parameter);
    content(r['content']);
  };
  const operation = (op: unknown) => {
    if (!isObject(op)) return;
    (Array.isArray(op['parameters']) ? op['parameters'] : []).forEach(parameter);
    if (isObject(op['requestBody'])) content(op['requestBody']['content']);
    each(op['responses'], response);
  };
  const components = isObject(doc['components']) ? doc['components'] : {};
  each(components['schemas'], (x) => walkSchema(x, visit));
  each(components['parameters'], parameter);
  each(components['headers'], parameter);
  each(components['responses'], response);
  each(components['requestBodies'], (b) => isObject(b) && content(b['content']));
  each(doc['paths'], (item) => {
    if (!isObject(item)) return;
    (Array.isArray(item['parameters']) ? item['parameters'] : []).forEach(parameter);
    for (const [k, op] of Object.entries(item)) if (k !== 'parameters') operation(op);
  });
}

/** One schema node as 2020-12 says the same thing (`nullable` only counts in 3.0: 3.1 has no such keyword). */
function upgradeNode(s: Json, from30: boolean): void {
  if (from30 && s['nullable'] === true) {
    if (typeof s['type'] === 'string') s['type'] = [s['type'], 'null'];
    else if (s['type'] === undefined) {
      // `nullable` beside allOf/oneOf/anyOf only: null or the rest (whose schemas the walk visits next).
      const rest: Json = { ...s };
      delete rest['nullable'];
      for (const k of Object.keys(s)) delete s[k];
      s['anyOf'] = [rest, { type: 'null' }];
      return;
    }
    if (Array.isArray(s['enum']) && !s['enum'].includes(null)) s['enum'] = [...s['enum'], null];
  }
  if (from30) delete s['nullable'];
  for (const [bound, limit] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (s[bound] === true && typeof s[limit] === 'number') {
      s[bound] = s[limit];
      delete s[limit];
    } else if (typeof s[bound] === 'boolean') delete s[bound];
  }
  // `example` stays too: a document may point a $ref at it.
  if (Object.hasOwn(s, 'example') && s['examples'] === undefined) s['examples'] = [s['example']];
}

/**
 * A bundled document's schemas in 2020-12 terms (in place), 3.0 brought to 3.1. A 3.1 document's boolean
 * `exclusiveMinimum`/`exclusiveMaximum` (a 3.0 habit, which 2020-12 cannot compile) are read the 3.0 way too.
 */
export function upgradeTo31(doc: Json, from: '3.0' | '3.1'): void {
  walkDocument(doc, (s) => upgradeNode(s, from === '3.0'));
  doc['openapi'] = '3.1.0';
}

/**
 * A readOnly property's `default` dropped: the validator fills defaults into a request body and would then
 * refuse the very property it filled in as read-only (Petstore's `Pet.id`).
 */
export function dropReadOnlyDefaults(doc: Json): void {
  walkDocument(doc, (s) => {
    each(s['properties'], (p) => {
      if (isObject(p) && p['readOnly'] === true) delete p['default'];
    });
  });
}

const pointer = (path: string[]) => `#/${path.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/**
 * `$dynamicRef: '#name'` as a `$ref` to the one schema with `$dynamicAnchor: name`. In a document whose
 * schemas carry no `$id` there is one schema resource, so the anchor is unique and the dynamic scope
 * resolves to it: the plain reference means the same. Returns the dynamic refs that reach no anchor.
 */
export function resolveDynamicRefs(doc: Json): string[] {
  const anchors = new Map<string, string>();
  const find = (v: unknown, path: string[]): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => find(x, [...path, String(i)]));
    if (!isObject(v)) return;
    if (typeof v['$dynamicAnchor'] === 'string' && !anchors.has(v['$dynamicAnchor'])) anchors.set(v['$dynamicAnchor'], pointer(path));
    for (const [k, x] of Object.entries(v)) find(x, [...path, k]);
  };
  find(doc, []);
  const missing: string[] = [];
  const replace = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(replace);
    if (!isObject(v)) return;
    const ref = v['$dynamicRef'];
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const target = anchors.get(ref.slice(1));
      if (target) {
        v['$ref'] = target;
        delete v['$dynamicRef'];
      } else missing.push(ref);
    }
    delete v['$dynamicAnchor'];
    Object.values(v).forEach(replace);
  };
  replace(doc);
  return missing;
}
