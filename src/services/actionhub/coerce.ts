import { setOwn } from '../../core/own.js';
import { pyNumberStr } from './python-json.js';

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

const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PY_FLOAT_WORD = /^[+-]?(?:inf|infinity|nan)$/i;
const PY_INT = /^[+-]?\d(?:_?\d)*$/;
/** The non-ASCII characters of Python's str.isspace() (JS's \s differs: it has U+FEFF and lacks U+0085). */
const PY_SPACE = /[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const DECIMAL = /\p{Nd}/u;

/** Unicode decimal digits come in runs of ten starting at a zero, so a digit's value is its offset in the run, mod 10. */
function decimalValue(cp: number): number {
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * CPython's _PyUnicode_TransformDecimalAndSpaceToASCII, which float() and int() run first (ASCII is kept
 * as is, so U+001C stays and fails), then their strip of ASCII whitespace.
 */
function pyNumericText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 128) out += ch;
    else if (PY_SPACE.test(ch)) out += ' ';
    else out += DECIMAL.test(ch) ? String(decimalValue(cp)) : '?';
  }
  return out.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

/** Python's `float(str)`: surrounding whitespace, any Unicode decimal digits, underscores between digits, inf/nan words. */
export function parsePyFloat(text: string): number | undefined {
  const t = pyNumericText(text);
  if (PY_FLOAT_WORD.test(t)) {
    const neg = t.startsWith('-');
    return /nan/i.test(t) ? NaN : neg ? -Infinity : Infinity;
  }
  return PY_FLOAT.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/** Python's `int(str)`. */
export function parsePyInt(text: string): number | undefined {
  const t = pyNumericText(text);
  return PY_INT.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/** What coercion learns about a body besides the coerced values. Positions are JSON pointers in the body as validated. */
export interface CoercionNotes {
  /** The literal text of a number, by its pointer in the JSON as sent. */
  literal(source: string): string | undefined;
  /** NaN or ±Infinity given for a number (validated as 0, stored as null). */
  nonFinite: Set<string>;
  /** Where `dict()` turned a list into pairs with a key that is not a string (pydantic then fails `Model(**d)`). */
  nonStringKeys: Set<string>;
}

interface PyDict {
  value: Json;
  /** Where each key's value sat in the JSON as sent. */
  sources: Map<string, string>;
}

/**
 * Python's `dict(value)` for what JSON holds, which pydantic v1's Model.validate calls on anything that
 * is not a dict: a list of pairs (two-item lists, two-character strings, two-key objects) becomes a
 * dict, `[]` and `""` an empty one. 'not_dict' is v1's DictError; 'non_string_keys' the TypeError of
 * `Model(**d)`.
 */
function pyDict(value: unknown, source: string): PyDict | 'not_dict' | 'non_string_keys' {
  if (typeof value === 'string') return value === '' ? { value: {}, sources: new Map() } : 'not_dict';
  if (!Array.isArray(value)) return 'not_dict';
  const out: Json = {};
  const sources = new Map<string, string>();
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
    sources.set(key, `${source}/${i}/1`);
  }
  return stringKeys ? { value: out, sources } : 'non_string_keys';
}

/**
 * pydantic v1's lax coercion, walking the body with its schema: a number or bool in a string field
 * becomes Python's `str()` of it; a bool or numeric string in a number field becomes a float; a list
 * in a model field goes through `dict()`. What cannot be coerced is left for the validator to reject
 * with v1's wording. `path` is where the value sits in the body as validated, `source` where it sat
 * in the JSON as sent (they differ inside a list turned into a dict). Returns the coerced value.
 */
export function coerceV1(value: unknown, schema: Json | undefined, path: string, source: string, notes: CoercionNotes): unknown {
  switch (primaryType(schema)) {
    case 'object': {
      let obj = value;
      let sourceOf = (key: string) => `${source}/${key}`;
      if (!isObject(value)) {
        const d = pyDict(value, source);
        if (d === 'not_dict') return value;
        if (d === 'non_string_keys') {
          notes.nonStringKeys.add(path);
          return value;
        }
        obj = d.value;
        sourceOf = (key) => d.sources.get(key) ?? `${source}/${key}`;
      }
      const props = schema?.['properties'];
      if (isObject(obj) && isObject(props)) {
        for (const [key, sub] of Object.entries(props)) {
          if (Object.hasOwn(obj, key)) obj[key] = coerceV1(obj[key], sub as Json, `${path}/${key}`, sourceOf(key), notes);
        }
      }
      return obj;
    }
    case 'array': {
      const items = schema?.['items'];
      if (Array.isArray(value) && isObject(items)) {
        for (let i = 0; i < value.length; i++) value[i] = coerceV1(value[i], items, `${path}/${i}`, `${source}/${i}`, notes);
      }
      return value;
    }
    case 'string':
      if (typeof value === 'number') return pyNumberStr(value, notes.literal(source));
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      return value;
    case 'number': {
      const n = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? (parsePyFloat(value) ?? value) : value;
      // pydantic v1 takes NaN and ±inf; JSON Schema (and JSON) cannot. Validate as 0, remember to store null.
      if (typeof n === 'number' && !Number.isFinite(n)) {
        notes.nonFinite.add(path);
        return 0;
      }
      return n;
    }
    default:
      return value;
  }
}
