/**
 * Ruby's `#inspect`, as apipie prints a refused value (apipie-rails `lib/apipie/validator.rb` error messages): `"image"`, `123`, `nil`, `["a", 1]`.
 * apipie normalises Rails params to plain hashes before validating (ParamDescription#normalized_value,
 * `to_unsafe_hash`), so an object prints as a Hash, `{"a"=>1}`, in Ruby < 3.4's style (ASSUMED version).
 */
export function rubyInspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return rubyString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : rubyFloat(value);
  if (Array.isArray(value)) return `[${value.map((v) => rubyInspect(v)).join(', ')}]`;
  return `{${Object.entries(value as object).map(([k, v]) => `${rubyString(k)}=>${rubyInspect(v)}`).join(', ')}}`;
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\f': '\\f', '\v': '\\v', '\b': '\\b', '\x07': '\\a', '\x1b': '\\e' };

function rubyString(s: string): string {
  let out = '"';
  const chars = Array.from(s);
  chars.forEach((c, i) => {
    const code = c.codePointAt(0)!;
    if (ESCAPES[c]) out += ESCAPES[c];
    else if (c === '#' && ['{', '$', '@'].includes(chars[i + 1] ?? '')) out += '\\#';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  });
  return `${out}"`;
}

function rubyFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const [mant = '', expPart = '0'] = Math.abs(x).toExponential().split('e');
  const exp = Number(expPart);
  const sign = x < 0 ? '-' : '';
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 16) return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${digits.slice(exp + 1) || '0'}`;
}
