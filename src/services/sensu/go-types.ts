import type { Issue } from '../../core/pipeline/problems.js';

/** Just enough of Go's type system to word `json: cannot unmarshal …` as Go 1.12 does. */
type GoType =
  | { kind: 'struct'; name: string; fields: Record<string, GoType> }
  | { kind: 'slice' | 'map'; name: string; elem: GoType }
  | { kind: 'basic'; name: string };

const string: GoType = { kind: 'basic', name: 'string' };
const stringMap: GoType = { kind: 'map', name: 'map[string]string', elem: string };

export const OBJECT_META: GoType = { kind: 'struct', name: 'ObjectMeta', fields: { name: string, namespace: string, labels: stringMap, annotations: stringMap } };
export const ASSET: GoType = {
  kind: 'struct',
  name: 'Asset',
  fields: { url: string, sha512: string, filters: { kind: 'slice', name: '[]string', elem: string }, metadata: OBJECT_META, headers: stringMap },
};
export const NAMESPACE: GoType = { kind: 'struct', name: 'Namespace', fields: { name: string } };
export const TOKENS: GoType = { kind: 'struct', name: 'Tokens', fields: { access_token: string, expires_at: { kind: 'basic', name: 'int64' }, refresh_token: string } };

function typeName(t: GoType): string {
  return t.kind === 'struct' ? `v2.${t.name}` : t.name;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** Go's UnmarshalTypeError text for a value at `path` inside a body decoded into `root`. */
export function unmarshalTypeError(root: GoType, path: (string | number)[], value: unknown): string {
  let t = root;
  let struct: string | undefined;
  let field: string | undefined;
  for (const key of path) {
    if (t.kind === 'struct') {
      struct = t.name;
      field = String(key);
      t = t.fields[field] ?? string;
    } else if (t.kind === 'slice' || t.kind === 'map') {
      t = t.elem; // Go 1.12 keeps the enclosing field in the message
    }
  }
  let kind = jsonKind(value);
  if (kind === 'number' && t.name === 'int64') kind = `number ${String(value)}`;
  const target = field === undefined ? `Go value of type ${typeName(t)}` : `Go struct field ${struct}.${field} of type ${typeName(t)}`;
  return `json: cannot unmarshal ${kind} into ${target}`;
}

/** Go reports the first type error in document order; the validator reports in schema order. */
export function firstInDocument(issues: Issue[], body: unknown): Issue | undefined {
  const rank = (path: (string | number)[]): number[] => {
    const out: number[] = [];
    let v: unknown = body;
    for (const key of path) {
      if (v === null || typeof v !== 'object') break;
      out.push(Array.isArray(v) ? Number(key) : Object.keys(v).indexOf(String(key)));
      v = (v as Record<string, unknown>)[key];
    }
    return out;
  };
  const ranked = issues.map((i) => ({ i, r: rank(i.path) }));
  ranked.sort((a, b) => {
    for (let k = 0; k < Math.min(a.r.length, b.r.length); k++) if (a.r[k] !== b.r[k]) return a.r[k]! - b.r[k]!;
    return a.r.length - b.r.length;
  });
  return ranked[0]?.i;
}

/**
 * Go matches JSON keys to struct fields case-insensitively (an exact match wins) and drops unknown
 * keys; a null leaves a field at its zero value. Returns the body as Go's struct would hold it, keys in
 * document order.
 */
export function asGoStruct(value: unknown, t: GoType): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (t.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: asGoStruct(v, t.elem), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (t.kind !== 'struct') return value;
  const out: Record<string, unknown> = {};
  const names = Object.keys(t.fields);
  for (const [k, v] of Object.entries(value)) {
    const field = names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase());
    if (field) out[field] = asGoStruct(v, t.fields[field]!);
  }
  return out;
}

type Mismatch = { path: (string | number)[]; value: unknown };

/** The first value Go could not store in `t` (document order) and where it sits, or undefined when all fit. */
function firstMismatch(value: unknown, t: GoType, path: (string | number)[]): Mismatch | undefined {
  if (value === null) return undefined; // null leaves any field at its zero value
  const here = { path, value };
  switch (t.kind) {
    case 'basic':
      return (t.name === 'string' ? typeof value === 'string' : typeof value === 'number' && Number.isInteger(value)) ? undefined : here;
    case 'slice':
      if (!Array.isArray(value)) return here;
      for (const [i, v] of value.entries()) {
        const at = firstMismatch(v, t.elem, [...path, i]);
        if (at) return at;
      }
      return undefined;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return here;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const at = firstMismatch(v, t.elem, [...path, k]);
        if (at) return at;
      }
      return undefined;
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return here;
      const names = Object.keys(t.fields);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const field = names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase());
        if (field === undefined) continue;
        const at = firstMismatch(v, t.fields[field]!, [...path, field]);
        if (at) return at;
      }
      return undefined;
    }
  }
}

/** Go's `json: cannot unmarshal …` for a decoded body that does not fit `root`, for bodies no spec schema checks. */
export function goTypeError(value: unknown, root: GoType): string | undefined {
  const at = firstMismatch(value, root, []);
  return at && unmarshalTypeError(root, at.path, at.value);
}

/** The Go struct an operation's handler decodes its body into (the /auth routes' Tokens otherwise). */
export function bodyStructOf(operationId: string | undefined): GoType {
  if (operationId === 'create_asset' || operationId === 'put_asset') return ASSET;
  if (operationId === 'create_namespace' || operationId === 'put_namespace') return NAMESPACE;
  return TOKENS;
}
