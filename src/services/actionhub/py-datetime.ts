import { parsePyFloat, parsePyInt } from './py-number.js';

/** What pydantic v1 says about a value it could not read as a datetime. */
export interface DatetimeError {
  msg: string;
  type: string;
}

/** A datetime as Standin keeps it: Python's `isoformat()` in UTC, and its epoch milliseconds. */
export interface UtcDatetime {
  iso: string;
  ms: number;
}

const INVALID: DatetimeError = { msg: 'invalid datetime format', type: 'value_error.datetime' };

/**
 * pydantic 1.10 `datetime_parse.datetime_re`. Python's `\d` is any Unicode decimal digit, and `$` also
 * matches before a final newline.
 */
const DATETIME_RE =
  /^(\p{Nd}{4})-(\p{Nd}{1,2})-(\p{Nd}{1,2})[T ](\p{Nd}{1,2}):(\p{Nd}{1,2})(?::(\p{Nd}{1,2})(?:\.(\p{Nd}{1,6})\p{Nd}{0,6})?)?(Z|[+-]\p{Nd}{2}(?::?\p{Nd}{2})?)?\n?$/u;

const DAY_MS = 86_400_000;
/** datetime.min and datetime.max (…59.999999), in epoch ms. */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Python's `isoformat()` of an aware UTC datetime: microseconds only when not zero, `+00:00`. */
export function pyIsoformat(ms: number, extraMicros = 0): string {
  const d = new Date(ms);
  const micros = d.getUTCMilliseconds() * 1000 + extraMicros;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}${micros ? `.${pad(micros, 6)}` : ''}`;
  return `${date}T${time}+00:00`;
}

function utc(ms: number, extraMicros: number): UtcDatetime {
  // datetime's own range: a conversion to UTC past it is kept at its edge.
  if (ms < MIN_MS) return { iso: pyIsoformat(MIN_MS), ms: MIN_MS };
  if (ms > MAX_MS) return { iso: pyIsoformat(MAX_MS, 999), ms: MAX_MS };
  return { iso: pyIsoformat(ms, extraMicros), ms };
}

/** pydantic's `from_unix_seconds`: seconds, or milliseconds (and smaller units) past 2e10. */
function fromUnixSeconds(seconds: number): UtcDatetime | DatetimeError {
  if (Number.isNaN(seconds)) return { msg: 'cannot convert float NaN to integer', type: 'value_error' };
  if (seconds > 3e20) return utc(MAX_MS, 999);
  if (seconds < -3e20) return utc(MIN_MS, 0);
  let s = seconds;
  while (Math.abs(s) > 2e10) s /= 1000;
  // timedelta(seconds=s) keeps whole microseconds, rounding half to even.
  const whole = Math.trunc(s);
  const fracMicros = (s - whole) * 1e6;
  let micros = Math.round(fracMicros);
  if (Math.abs(fracMicros % 1) === 0.5 && micros % 2 !== 0) micros -= 1;
  const total = BigInt(whole) * 1_000_000n + BigInt(micros);
  const msBig = total >= 0n ? total / 1000n : -((-total + 999n) / 1000n);
  return utc(Number(msBig), Number(total - msBig * 1000n));
}

function fromMatch(m: RegExpExecArray): UtcDatetime | DatetimeError {
  const num = (i: number) => (m[i] === undefined ? 0 : (parsePyInt(m[i]!) ?? NaN));
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(num) as [number, number, number, number, number, number];
  const micros = m[7] === undefined ? 0 : (parsePyInt(m[7].padEnd(6, '0')) ?? NaN);
  let offsetMin = 0;
  const tz = m[8];
  if (tz !== undefined && tz !== 'Z') {
    const hours = parsePyInt(tz.slice(1, 3)) ?? NaN;
    const mins = tz.length > 3 ? (parsePyInt(tz.slice(-2)) ?? NaN) : 0;
    offsetMin = (tz[0] === '-' ? -1 : 1) * (60 * hours + mins);
    if (!(Math.abs(offsetMin) < 24 * 60)) return INVALID;
  }
  const valid =
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    hour <= 23 && minute <= 59 && second <= 59 && micros <= 999_999;
  if (!valid) return INVALID;
  // ASSUMED: a timestamp without an offset is UTC.
  const ms = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + Math.floor(micros / 1000);
  return utc(ms, micros % 1000);
}

/**
 * pydantic v1's `parse_datetime` (pydantic 1.10 `datetime_parse.py`) for what JSON holds: a number (or a
 * string `float()` reads) is a Unix time; otherwise the ISO 8601 pattern above, with an offset or none;
 * lists and objects are a TypeError. Null is left to the caller (`none is not an allowed value`).
 */
export function parsePydanticDatetime(value: unknown): UtcDatetime | DatetimeError {
  if (typeof value === 'boolean') return fromUnixSeconds(value ? 1 : 0);
  if (typeof value === 'number') return fromUnixSeconds(value);
  if (typeof value !== 'string') return { msg: 'invalid type; expected datetime, string, bytes, int or float', type: 'type_error' };
  const n = parsePyFloat(value);
  if (n !== undefined) return fromUnixSeconds(n);
  const m = DATETIME_RE.exec(value);
  return m ? fromMatch(m) : INVALID;
}

export function isDatetimeError(v: UtcDatetime | DatetimeError): v is DatetimeError {
  return 'msg' in v;
}

/** Epoch ms of an `isoformat()` string Standin wrote (milliseconds kept, the rest dropped). */
export function isoMs(iso: string): number {
  const parsed = parsePydanticDatetime(iso);
  return isDatetimeError(parsed) ? NaN : parsed.ms;
}
