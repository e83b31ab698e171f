import type { Exchange, Handler } from '../../core/service/module.js';
import { setOwn } from '../../core/state/own.js';
import { requestBodySchema } from '../../core/pipeline/issues.js';
import { coerceV1, type CoercionNotes } from './coerce.js';
import { parsePyFloat, parsePyInt } from './py-number.js';
import { parsePythonJson } from './python-json.js';
import type { ActionhubData } from './store.js';

/** What pydantic's coercion noted about the request, kept for the handler and the error mapper. */
export interface ActionhubScratch {
  coercion: Omit<CoercionNotes, 'literal'>;
  /** Query numbers Python's float() read as NaN or ±inf (validated as 0; JSON Schema has no such numbers). */
  nonFiniteQuery: Map<string, number>;
}

export type ActionhubExchange = Exchange<ActionhubData, ActionhubScratch>;
export type ActionhubHandler = Handler<ActionhubData, ActionhubScratch>;

/** Query values Python refused, in forms the validator cannot coerce back into the spec's type. */
const NOT_AN_INTEGER = 'not an integer';
const NOT_A_FLOAT = 'not a float';
const NOT_A_BOOLEAN = 'not a boolean';

/** pydantic 1.10 `validators.BOOL_TRUE` / `BOOL_FALSE`, matched after `str.lower()`. */
const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

function schemaType(schema: unknown): unknown {
  return typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
}

function pyFloatQuery(raw: string, name: string, ex: ActionhubExchange): number | string {
  const n = parsePyFloat(raw);
  if (n === undefined) return NOT_A_FLOAT;
  if (Number.isFinite(n)) return n;
  (ex.scratch.nonFiniteQuery ??= new Map()).set(name, n);
  return 0;
}

/**
 * Query values as pydantic v1 reads the strings FastAPI hands it: Python's int() and float(), and
 * pydantic's words for booleans.
 */
export function pythonQuery(query: Record<string, unknown>, ex: ActionhubExchange): Record<string, unknown> {
  for (const p of ex.operation?.parameters ?? []) {
    const raw = query[p.name];
    if (p.in !== 'query' || typeof raw !== 'string') continue;
    switch (schemaType(p.schema)) {
      case 'integer':
        setOwn(query, p.name, parsePyInt(raw) ?? NOT_AN_INTEGER);
        break;
      case 'number':
        setOwn(query, p.name, pyFloatQuery(raw, p.name, ex));
        break;
      case 'boolean': {
        const word = raw.toLowerCase();
        setOwn(query, p.name, BOOL_TRUE.has(word) ? true : BOOL_FALSE.has(word) ? false : NOT_A_BOOLEAN);
        break;
      }
    }
  }
  return query;
}

/** A query number after validation, NaN and ±inf as Python read them. */
export function queryNumber(ex: ActionhubExchange, name: string): number {
  return ex.scratch.nonFiniteQuery?.get(name) ?? Number(ex.query[name]);
}

/**
 * The body as FastAPI/pydantic v1 binds it to the operation's model (FastAPI 0.92 `fastapi/routing.py`,
 * pydantic 1.10 `fields.py`): a JSON null is a missing body; then v1's lax coercion of numbers, strings
 * and lists of pairs. Bodies of any content type are validated as that model (see `bodyMediaType`), so
 * text/plain fails as "not a valid dict".
 */
export function pydanticBody(ex: ActionhubExchange): unknown {
  const schema = ex.operation ? requestBodySchema(ex.operation) : undefined;
  if (!schema) return ex.body;
  if (ex.body === undefined || ex.body === null) return undefined;
  let literals: Map<string, string> | undefined;
  // Python's json.loads(bytes) drops a UTF-8 BOM, as the body reader did. Read again only if a number needs its literal.
  const numberLiterals = () => parsePythonJson((ex.rawBody?.toString('utf8') ?? '').replace(/^\uFEFF/, '')).numberLiterals;
  const notes: CoercionNotes = {
    literal: (source) => (literals ??= numberLiterals()).get(source),
    nonFinite: new Set(),
    nonStringKeys: new Set(),
    errors: new Map(),
  };
  const body = coerceV1(ex.body, schema, '', '', notes);
  // Only what later steps ask about is kept (not the literal lookup, which holds the body).
  ex.scratch.coercion = { nonFinite: notes.nonFinite, nonStringKeys: notes.nonStringKeys, errors: notes.errors };
  return body;
}

/** Whether the body held NaN or ±Infinity at this JSON pointer (validated as 0; stored as null). */
export function wasNonFinite(ex: ActionhubExchange, pointer: string): boolean {
  return ex.scratch.coercion?.nonFinite.has(pointer) ?? false;
}

/** Whether `dict()` met a key that is not a string at this JSON pointer of the body. */
export function hadNonStringKeys(ex: ActionhubExchange, pointer: string): boolean {
  return ex.scratch.coercion?.nonStringKeys.has(pointer) ?? false;
}

/** pydantic's own error for the body value at this JSON pointer, when coercion met one (a datetime). */
export function coercionError(ex: ActionhubExchange, pointer: string): { msg: string; type: string } | undefined {
  return ex.scratch.coercion?.errors.get(pointer);
}
