/** How Python prints numbers and how Starlette's JSONResponse serializes (what ActionHub answers with). */

/** Python's `repr(float)` (what `str()` and `json.dumps` print for a float). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expPart = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expPart);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1) || '0';
  return `${sign}${intPart}.${frac}`;
}

/** Python's `str()` of a JSON number, given its literal text when known (int and float print differently). */
export function pyNumberStr(value: number, literal: string | undefined): string {
  if (literal !== undefined && /^-?\d+$/.test(literal)) return literal === '-0' ? '0' : literal;
  if (literal === undefined && Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return pyFloatRepr(value);
}

/** A value Python holds as a float: serialized as Python prints floats (`1.0`, not `1`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A dict in Python's order (insertion), which a JS object would not keep for integer-like keys. */
export class PyDict {
  constructor(readonly entries: readonly [string, unknown][]) {}
}

function dumpEntries(entries: Iterable<[string, unknown]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${pyDumps(v)}`);
  return `{${parts.join(',')}}`;
}

/** Starlette's JSONResponse: compact separators, non-ASCII kept, PyFloat printed as Python's float repr. */
export function pyDumps(value: unknown): string {
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? pyFloatRepr(value.value) : 'null';
  if (value instanceof PyDict) return dumpEntries(value.entries);
  if (Array.isArray(value)) return `[${value.map((v) => pyDumps(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') return dumpEntries(Object.entries(value));
  return JSON.stringify(value) ?? 'null';
}
