import { setOwn } from '../../core/state/own.js';
import { pyNumberStr } from './python-print.js';
import { parsePyFloat, parsePyInt } from './py-number.js';
import { parsePydanticDatetime, type DatetimeError } from './py-datetime.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function primaryType(schema: Json | undefined): string | undefined {
  const t = schema?.['type'];
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null');
  return undefined;
}

/** What coercion learns about a body besides the coerced values. Positions are JSON pointers in the body as validated. */
export interface CoercionNotes {
  /** The literal text of a number, by its pointer in the JSON as sent. */
  literal(source: string): string | undefined;
  /** NaN or ±Infinity given for a number (validated as 0, stored as null). */
  nonFinite: Set<string>;
  /** Where `dict()` turned a list into pairs with a key that is not a string (pydantic then fails `Model(**d)`). */
  nonStringKeys: Set<string>;
  /** Values pydantic refuses with an error of its own (a datetime it cannot read), validated as a value that fails. */
  errors: Map<string, DatetimeError>;
}

/** Stands in for a value pydantic refused: no date-time format accepts it, so the validator reports it there. */
export const REFUSED = '\u0000refused';

interface PyDict {
  value: Json;
  /** Where each key's value sat in the JSON as sent, as path segments below the list. */
  sources: Map<string, [string, '1']>;
}

/**
 * Python's `dict(value)` for what JSON holds, which pydantic v1's Model.validate calls on anything that
 * is not a dict: a list of pairs (two-item lists, two-character strings, two-key objects) becomes a
 * dict, `[]` and `""` an empty one. 'not_dict' is v1's DictError; 'non_string_keys' the TypeError of
 * `Model(**d)`.
 */
function pyDict(value: unknown): PyDict | 'not_dict' | 'non_string_keys' {
  if (typeof value === 'string') return value === '' ? { value: {}, sources: new Map() } : 'not_dict';
  if (!Array.isArray(value)) return 'not_dict';
  const out: Json = {};
  const sources = new Map<string, [string, '1']>();
  let stringKeys = true;
  for (let i = 0; i < value.length; i++) {
    const el: unknown = value[i];
    let pair: unknown[];
    if (Array.isArray(el)) pair = el;
    else if (typeof el === 'string') pair = Array.from(el);
    else if (isObject(el)) pair = Object.keys(el);
    else return 'not_dict';
    if (pair.length !== 2) return 'not_dict';
    const [key, v] = pair;
    // A list or dict key is unhashable: dict() itself fails.
    if (typeof key === 'object' && key !== null) return 'not_dict';
    if (typeof key !== 'string') {
      stringKeys = false;
      continue;
    }
    setOwn(out, key, v);
    sources.set(key, [String(i), '1']);
  }
  return stringKeys ? { value: out, sources } : 'non_string_keys';
}

/**
 * Where the walk is: the segments below the starting pointers, in the body as validated (`path`) and
 * in the JSON as sent (`source`; they differ inside a list turned into a dict). Pointers are joined only
 * when a coercion needs one, so a body that needs none costs no strings.
 */
interface Cursor {
  path: string;
  source: string;
  pathSegs: string[];
  sourceSegs: string[];
  notes: CoercionNotes;
}

const pointer = (base: string, segs: string[]) => (segs.length ? `${base}/${segs.join('/')}` : base);

function walk(value: unknown, schema: Json | undefined, c: Cursor): unknown {
  switch (primaryType(schema)) {
    case 'object': {
      let obj = value;
      let dictSources: PyDict['sources'] | undefined;
      if (!isObject(value)) {
        const d = pyDict(value);
        if (d === 'not_dict') return value;
        if (d === 'non_string_keys') {
          c.notes.nonStringKeys.add(pointer(c.path, c.pathSegs));
          return value;
        }
        obj = d.value;
        dictSources = d.sources;
      }
      const props = schema?.['properties'];
      if (isObject(obj) && isObject(props)) {
        for (const key in props) {
          if (!Object.hasOwn(props, key) || !Object.hasOwn(obj, key)) continue;
          const from = dictSources?.get(key);
          c.pathSegs.push(key);
          if (from) c.sourceSegs.push(...from);
          else c.sourceSegs.push(key);
          obj[key] = walk(obj[key], props[key] as Json, c);
          c.pathSegs.pop();
          c.sourceSegs.length -= from ? 2 : 1;
        }
      }
      return obj;
    }
    case 'array': {
      const items = schema?.['items'];
      if (Array.isArray(value) && isObject(items)) {
        for (let i = 0; i < value.length; i++) {
          const seg = String(i);
          c.pathSegs.push(seg);
          c.sourceSegs.push(seg);
          value[i] = walk(value[i], items, c);
          c.pathSegs.pop();
          c.sourceSegs.pop();
        }
      }
      return value;
    }
    case 'string':
      if (schema?.['format'] === 'date-time' && value !== null) {
        const parsed = parsePydanticDatetime(value);
        if ('iso' in parsed) return parsed.iso;
        c.notes.errors.set(pointer(c.path, c.pathSegs), parsed);
        return REFUSED;
      }
      if (typeof value === 'number') return pyNumberStr(value, c.notes.literal(pointer(c.source, c.sourceSegs)));
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      return value;
    case 'number': {
      const n = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? (parsePyFloat(value) ?? value) : value;
      // pydantic v1 takes NaN and ±inf; JSON Schema (and JSON) cannot. Validate as 0, remember to store null.
      if (typeof n === 'number' && !Number.isFinite(n)) {
        c.notes.nonFinite.add(pointer(c.path, c.pathSegs));
        return 0;
      }
      return n;
    }
    case 'integer':
      // int(): a bool is 0 or 1, a float is truncated, a string must be an integer literal.
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : value;
      if (typeof value === 'string') return parsePyInt(value) ?? value;
      return value;
    default:
      return value;
  }
}

/**
 * pydantic v1's lax coercion, walking the body with its schema: a number or bool in a string field
 * becomes Python's `str()` of it; a bool or numeric string in a number field becomes a float, and
 * Python's `int()` of it in an integer field; a datetime is read as pydantic reads it and kept as its UTC
 * `isoformat()`; a list in a model field goes through `dict()`. What cannot be coerced is left for the
 * validator to reject with v1's wording. `path` is where the value sits in the body as validated,
 * `source` where it sat in the JSON as sent. Returns the coerced value.
 */
export function coerceV1(value: unknown, schema: Json | undefined, path: string, source: string, notes: CoercionNotes): unknown {
  return walk(value, schema, { path, source, pathSegs: [], sourceSegs: [], notes });
}
