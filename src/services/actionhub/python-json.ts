/**
 * Python's `json` module as FastAPI runs it: the C scanner's error messages and positions (CPython
 * 3.11, the Python a FastAPI 0.92 stack runs on), its extra tokens NaN/Infinity/-Infinity, and
 * Python's `str()` of numbers, which pydantic v1 uses to coerce a number into a string field.
 */

import { setOwn } from '../../core/state/own.js';

export class PyJsonDecodeError extends Error {
  readonly lineno: number;
  readonly colno: number;
  constructor(
    readonly msg: string,
    readonly doc: string,
    /** Offset in code points, as Python counts characters. */
    readonly pos: number,
    chars: string[],
  ) {
    let lineno = 1;
    let lastNl = -1;
    for (let i = 0; i < pos; i++) {
      if (chars[i] === '\n') {
        lineno++;
        lastNl = i;
      }
    }
    const colno = pos - lastNl;
    super(`${msg}: line ${lineno} column ${colno} (char ${pos})`);
    this.lineno = lineno;
    this.colno = colno;
  }
}

/** Python raises RecursionError (not a JSON error) this deep; FastAPI answers 400 for it. */
export class PyJsonRecursionError extends Error {}
const MAX_DEPTH = 900;

/** An integer of more digits than Python's int() converts (sys.get_int_max_str_digits(), 3.11): a ValueError, so 400 too. */
export class PyIntDigitsError extends Error {}
const MAX_INT_DIGITS = 4300;
const LONG_DIGIT_RUN = new RegExp(`\\d{${MAX_INT_DIGITS + 1}}`);

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };


function pointerPart(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface PyParseResult {
  value: unknown;
  /** The literal text of every number, by JSON pointer (`/assets/0/asset_id`). */
  numberLiterals: Map<string, string>;
}

/** `json.loads` on the decoded body: the value, or a PyJsonDecodeError exactly as Python words it. */
export function parsePythonJson(text: string): PyParseResult {
  const s = Array.from(text);
  const end = s.length;
  const numberLiterals = new Map<string, string>();
  const err = (msg: string, pos: number) => new PyJsonDecodeError(msg, text, pos, s);
  class StopIteration {
    constructor(readonly idx: number) {}
  }

  const scanString = (start: number): [string, number] => {
    const begin = start - 1;
    let out = '';
    let i = start;
    for (;;) {
      let j = i;
      for (; j < end; j++) {
        const c = s[j]!;
        if (c === '"' || c === '\\') break;
        if (c.codePointAt(0)! <= 0x1f) throw err('Invalid control character at', j);
      }
      if (j >= end) throw err('Unterminated string starting at', begin);
      out += s.slice(i, j).join('');
      if (s[j] === '"') return [out, j + 1];
      let next = j + 1;
      if (next === end) throw err('Unterminated string starting at', begin);
      const c = s[next]!;
      if (c !== 'u') {
        const e = ESCAPES[c];
        if (e === undefined) throw err('Invalid \\escape', next - 1);
        out += e;
        i = next + 1;
        continue;
      }
      next++;
      const hexEnd = next + 4;
      if (hexEnd >= end) throw err('Invalid \\uXXXX escape', next - 1);
      const hex = s.slice(next, hexEnd).join('');
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw err('Invalid \\uXXXX escape', hexEnd - 5);
      let code = parseInt(hex, 16);
      i = hexEnd;
      if (code >= 0xd800 && code <= 0xdbff && hexEnd + 6 < end && s[hexEnd] === '\\' && s[hexEnd + 1] === 'u') {
        const hex2 = s.slice(hexEnd + 2, hexEnd + 6).join('');
        if (!/^[0-9a-fA-F]{4}$/.test(hex2)) throw err('Invalid \\uXXXX escape', hexEnd + 1);
        const low = parseInt(hex2, 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i = hexEnd + 6;
        }
      }
      out += String.fromCodePoint(code);
    }
  };

  const matchNumber = (start: number, pointer: string): [number, number] => {
    let i = start;
    const digit = (k: number) => k < end && s[k]! >= '0' && s[k]! <= '9';
    if (s[i] === '-') {
      i++;
      if (i >= end) throw new StopIteration(start);
    }
    if (s[i]! >= '1' && s[i]! <= '9') {
      i++;
      while (digit(i)) i++;
    } else if (s[i] === '0') i++;
    else throw new StopIteration(start);
    if (i < end - 1 && s[i] === '.' && digit(i + 1)) {
      i += 2;
      while (digit(i)) i++;
    }
    if (i < end - 1 && (s[i] === 'e' || s[i] === 'E')) {
      const eStart = i;
      i++;
      if (i < end - 1 && (s[i] === '-' || s[i] === '+')) i++;
      while (digit(i)) i++;
      if (!digit(i - 1)) i = eStart;
    }
    const literal = s.slice(start, i).join('');
    const digits = literal.replace('-', '').length;
    if (digits > MAX_INT_DIGITS && /^-?\d+$/.test(literal)) {
      throw new PyIntDigitsError(`Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${digits} digits`);
    }
    numberLiterals.set(pointer, literal);
    return [Number(literal), i];
  };

  const skipWs = (i: number) => {
    while (i < end && WS.has(s[i]!)) i++;
    return i;
  };

  const scanOnce = (idx: number, pointer: string, depth: number): [unknown, number] => {
    if (idx >= end) throw new StopIteration(idx);
    const c = s[idx];
    const at = (word: string) => s.slice(idx, idx + word.length).join('') === word;
    switch (c) {
      case '"':
        return scanString(idx + 1);
      case '{':
        if (depth >= MAX_DEPTH) throw new PyJsonRecursionError('maximum recursion depth exceeded');
        return parseObject(idx + 1, pointer, depth + 1);
      case '[':
        if (depth >= MAX_DEPTH) throw new PyJsonRecursionError('maximum recursion depth exceeded');
        return parseArray(idx + 1, pointer, depth + 1);
      case 'n':
        if (at('null')) return [null, idx + 4];
        break;
      case 't':
        if (at('true')) return [true, idx + 4];
        break;
      case 'f':
        if (at('false')) return [false, idx + 5];
        break;
      case 'N':
        if (at('NaN')) return [NaN, idx + 3];
        break;
      case 'I':
        if (at('Infinity')) return [Infinity, idx + 8];
        break;
      case '-':
        if (at('-Infinity')) return [-Infinity, idx + 9];
        break;
    }
    return matchNumber(idx, pointer);
  };

  const parseObject = (start: number, pointer: string, depth: number): [unknown, number] => {
    const obj: Record<string, unknown> = {};
    let idx = skipWs(start);
    if (idx < end && s[idx] === '}') return [obj, idx + 1];
    for (;;) {
      if (idx >= end || s[idx] !== '"') throw err('Expecting property name enclosed in double quotes', idx);
      const [key, afterKey] = scanString(idx + 1);
      idx = skipWs(afterKey);
      if (idx >= end || s[idx] !== ':') throw err("Expecting ':' delimiter", idx);
      idx = skipWs(idx + 1);
      const [value, afterValue] = scanOnce(idx, `${pointer}/${pointerPart(key)}`, depth);
      setOwn(obj, key, value);
      idx = skipWs(afterValue);
      if (idx < end && s[idx] === '}') return [obj, idx + 1];
      if (idx >= end || s[idx] !== ',') throw err("Expecting ',' delimiter", idx);
      idx = skipWs(idx + 1);
    }
  };

  const parseArray = (start: number, pointer: string, depth: number): [unknown, number] => {
    const arr: unknown[] = [];
    let idx = skipWs(start);
    if (idx < end && s[idx] === ']') return [arr, idx + 1];
    for (;;) {
      const [value, afterValue] = scanOnce(idx, `${pointer}/${arr.length}`, depth);
      arr.push(value);
      idx = skipWs(afterValue);
      if (idx < end && s[idx] === ']') return [arr, idx + 1];
      if (idx >= end || s[idx] !== ',') throw err("Expecting ',' delimiter", idx);
      idx = skipWs(idx + 1);
    }
  };

  let value: unknown;
  let idx: number;
  try {
    [value, idx] = scanOnce(skipWs(0), '', 0);
  } catch (e) {
    if (e instanceof StopIteration) throw err('Expecting value', e.idx);
    throw e;
  }
  idx = skipWs(idx);
  if (idx !== end) throw err('Extra data', idx);
  return { value, numberLiterals };
}

/** Body parser for FastAPI: JSON.parse when it can (the fast path), Python's decoder otherwise. */
export function parseFastapiJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parsePythonJson(text).value;
  }
  // Nesting MAX_DEPTH deep takes at least 2 × MAX_DEPTH characters; shorter bodies skip the scan.
  if (text.length >= 2 * MAX_DEPTH && maxDepth(text) >= MAX_DEPTH) throw new PyJsonRecursionError('maximum recursion depth exceeded');
  // A run of digits that long may be an integer Python refuses: let its own decoder decide.
  if (text.length > MAX_INT_DIGITS && LONG_DIGIT_RUN.test(text)) parsePythonJson(text);
  return value;
}

/** Deepest nesting of [ and { outside strings. */
function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}
