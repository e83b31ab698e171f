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

/** Python's `float(str)`: surrounding whitespace, underscores between digits, inf/nan words. */
export function parsePyFloat(text: string): number | undefined {
  const t = text.trim();
  if (PY_FLOAT_WORD.test(t)) {
    const neg = t.startsWith('-');
    return /nan/i.test(t) ? NaN : neg ? -Infinity : Infinity;
  }
  return PY_FLOAT.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/** Python's `int(str)`. */
export function parsePyInt(text: string): number | undefined {
  const t = text.trim();
  return PY_INT.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/**
 * pydantic v1's lax coercion, in place, walking the body with its schema: a number or bool in a
 * string field becomes Python's `str()` of it; a bool or numeric string in a number field becomes a
 * float. What cannot be coerced is left for the validator to reject with v1's wording. Non-finite
 * numbers are recorded in `nonFinite` (by JSON pointer).
 */
export function coerceV1(value: unknown, schema: Json | undefined, pointer: string, literal: (pointer: string) => string | undefined, nonFinite: Set<string>): unknown {
  switch (primaryType(schema)) {
    case 'object': {
      const props = schema?.['properties'];
      if (isObject(value) && isObject(props)) {
        for (const [key, sub] of Object.entries(props)) {
          if (Object.hasOwn(value, key)) value[key] = coerceV1(value[key], sub as Json, `${pointer}/${key}`, literal, nonFinite);
        }
      }
      return value;
    }
    case 'array': {
      const items = schema?.['items'];
      if (Array.isArray(value) && isObject(items)) {
        for (let i = 0; i < value.length; i++) value[i] = coerceV1(value[i], items, `${pointer}/${i}`, literal, nonFinite);
      }
      return value;
    }
    case 'string':
      if (typeof value === 'number') return pyNumberStr(value, literal(pointer));
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      return value;
    case 'number': {
      const n = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? (parsePyFloat(value) ?? value) : value;
      // pydantic v1 takes NaN and ±inf; JSON Schema (and JSON) cannot. Validate as 0, remember to store null.
      if (typeof n === 'number' && !Number.isFinite(n)) {
        nonFinite.add(pointer);
        return 0;
      }
      return n;
    }
    default:
      return value;
  }
}
