/** Python's `float()` and `int()` of a string, as pydantic v1 and FastAPI call them. */

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
