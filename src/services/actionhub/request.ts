import type { Exchange, Handler } from '../../core/service/module.js';
import { setOwn } from '../../core/state/own.js';
import { requestBodySchema } from '../../core/pipeline/issues.js';
import { coerceV1, parsePyInt, type CoercionNotes } from './coerce.js';
import { parsePythonJson } from './python-json.js';
import type { ActionhubData } from './store.js';

/** What pydantic's coercion noted about the body, kept for the handler and the error mapper. */
export interface ActionhubScratch {
  coercion: Omit<CoercionNotes, 'literal'>;
}

export type ActionhubExchange = Exchange<ActionhubData, ActionhubScratch>;
export type ActionhubHandler = Handler<ActionhubData, ActionhubScratch>;

/** A query value Python's int() refused, in a form the validator cannot coerce back into a number. */
const NOT_AN_INTEGER = 'not an integer';

function schemaType(schema: unknown): unknown {
  return typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
}

/** Integer query parameters as Python's int() reads them (FastAPI converts before pydantic validates). */
export function pythonQuery(query: Record<string, unknown>, ex: ActionhubExchange): Record<string, unknown> {
  for (const p of ex.operation?.parameters ?? []) {
    const raw = query[p.name];
    if (p.in === 'query' && schemaType(p.schema) === 'integer' && typeof raw === 'string') setOwn(query, p.name, parsePyInt(raw) ?? NOT_AN_INTEGER);
  }
  return query;
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
  };
  const body = coerceV1(ex.body, schema, '', '', notes);
  // Only what later steps ask about is kept (not the literal lookup, which holds the body).
  ex.scratch.coercion = { nonFinite: notes.nonFinite, nonStringKeys: notes.nonStringKeys };
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
