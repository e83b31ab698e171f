/**
 * Go's encoding/json as Sensu 5.11 uses it: `json.NewDecoder(r.Body).Decode(&v)` reads the FIRST JSON
 * value and ignores what follows; its syntax errors carry the scanner's wording; `json.Marshal` escapes
 * <, >, & and U+2028/9 and sorts map keys (Go's encoding/json Marshal).
 */

export class GoJsonError extends Error {}

/** Go's quoteChar: a byte shown as strconv.Quote would show the rune of that byte value. */
export function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\' };
  if (named[byte]) return `'${named[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if ((byte >= 0x80 && byte <= 0xa0) || byte === 0xad) return `'\\u00${byte.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/**
 * Finds the end of the first JSON value in `bytes` as Go's Decoder does, or throws GoJsonError with Go's
 * message: `EOF` (nothing but whitespace), `unexpected EOF` (cut short), `invalid character …`.
 */
export function firstValueEnd(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  const bad = (context: string): never => {
    throw new GoJsonError(`invalid character ${quoteChar(bytes[i]!)} ${context}`);
  };
  const need = () => {
    if (i >= n) throw new GoJsonError('unexpected EOF');
    return bytes[i]!;
  };
  const ws = () => {
    while (i < n && isSpace(bytes[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (need() !== word.charCodeAt(k)) bad(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const c = need();
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        const e = need();
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!isHex(need())) bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) bad('in string escape code');
        i++;
        continue;
      }
      if (c < 0x20) bad('in string literal');
      i++;
    }
  };
  const number = () => {
    if (bytes[i] === 0x2d) {
      i++;
      const c = need();
      if (!isDigit(c)) bad('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else while (i < n && isDigit(bytes[i]!)) i++;
    if (i < n && bytes[i] === 0x2e) {
      i++;
      if (!isDigit(need())) bad('after decimal point in numeric literal');
      while (i < n && isDigit(bytes[i]!)) i++;
    }
    if (i < n && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      let c = need();
      if (c === 0x2b || c === 0x2d) {
        i++;
        c = need();
      }
      if (!isDigit(c)) bad('in exponent of numeric literal');
      while (i < n && isDigit(bytes[i]!)) i++;
    }
  };
  const value = (): void => {
    ws();
    const c = need();
    if (c === 0x7b) {
      i++;
      ws();
      if (need() === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (need() !== 0x22) bad('looking for beginning of object key string');
        string();
        ws();
        if (need() !== 0x3a) bad('after object key');
        i++;
        value();
        ws();
        const d = need();
        if (d === 0x7d) {
          i++;
          return;
        }
        if (d !== 0x2c) bad('after object key:value pair');
        i++;
      }
    }
    if (c === 0x5b) {
      i++;
      ws();
      if (need() === 0x5d) {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        const d = need();
        if (d === 0x5d) {
          i++;
          return;
        }
        if (d !== 0x2c) bad('after array element');
        i++;
      }
    }
    if (c === 0x22) return string();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    if (c === 0x2d || isDigit(c)) return number();
    bad('looking for beginning of value');
  };
  ws();
  if (i >= n) throw new GoJsonError('EOF');
  value();
  return i;
}

/** Decoder.Decode's view of a body: the first JSON value, parsed; the rest is ignored. */
export function decodeFirstValue(text: string): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const end = firstValueEnd(bytes);
  return JSON.parse(end === bytes.length ? text : bytes.subarray(0, end).toString('utf8'));
}

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029', '\\b': '\\u0008', '\\f': '\\u000c' };

const NEEDS_GO_ESCAPE = /[<>&\u2028\u2029\b\f]/;

/** json.Marshal of a string: JSON.stringify's escapes made Go's (\u0008, \u000c, HTML-safe <, >, &). */
function goString(s: string): string {
  const json = JSON.stringify(s);
  return NEEDS_GO_ESCAPE.test(s) ? json.replace(/\\["\\/bfnrtu]|[<>&\u2028\u2029]/g, (m) => GO_ESCAPES[m] ?? m) : json;
}

/** JSON already marshalled (e.g. a stored record's, computed once), written as is. */
export class GoRaw {
  constructor(readonly json: string) {}
}

/** A Go map value: marshalled with its keys sorted, as encoding/json does. */
export class GoMap {
  constructor(readonly entries: Record<string, string>) {}
}

/** json.Marshal: objects keep the key order they were built with (a Go struct's field order). */
export function goMarshal(value: unknown): string {
  if (value instanceof GoRaw) return value.json;
  if (value instanceof GoMap) {
    const keys = Object.keys(value.entries).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goString(k)}:${goString(value.entries[k]!)}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${goString(k)}:${goMarshal(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
