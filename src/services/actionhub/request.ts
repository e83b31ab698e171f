import type { Request } from 'express';
import type { Stage } from '../../core/service/module.js';
import { setOwn } from '../../core/state/own.js';
import { requestBodySchema } from '../../core/pipeline/issues.js';
import { coerceV1, parsePyInt, type CoercionNotes } from './coerce.js';
import { parsePythonJson } from './python-json.js';
import type { ActionhubData } from './store.js';

/** A query value Python's int() refused, in a form the validator cannot coerce back into a number. */
const NOT_AN_INTEGER = 'not an integer';

function schemaType(schema: unknown): unknown {
  return typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
}

/**
 * Presents the request to the spec validator as FastAPI/pydantic v1 would see it (research §C1, §C4):
 * repeated query values → the last one; integer queries parsed by Python's int(); a body of any
 * content type validated as the body model (so text/plain fails as "not a valid dict"); a JSON null
 * body is a missing body; then v1's lax coercion of numbers, strings and lists of pairs.
 */
export const asFastapiSeesIt: Stage<ActionhubData> = (req, ctx) => {
  const query: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req.query)) setOwn(query, k, Array.isArray(v) ? v[v.length - 1] : v);
  for (const p of ctx.operation.parameters) {
    const raw = query[p.name];
    if (p.in === 'query' && schemaType(p.schema) === 'integer' && typeof raw === 'string') {
      query[p.name] = parsePyInt(raw) ?? NOT_AN_INTEGER;
    }
  }
  Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });

  const schema = requestBodySchema(ctx.operation);
  if (!schema) return;
  req.headers['content-type'] = 'application/json';
  if (req.body === null) req.body = undefined;
  if (req.body === undefined) return;
  let literals: Map<string, string> | undefined;
  // Python's json.loads(bytes) drops a UTF-8 BOM, as the body reader did. Read again only if a number needs its literal.
  const numberLiterals = () => parsePythonJson((req.rawBody?.toString('utf8') ?? '').replace(/^\uFEFF/, '')).numberLiterals;
  const notes: CoercionNotes = {
    literal: (source) => (literals ??= numberLiterals()).get(source),
    nonFinite: new Set(),
    nonStringKeys: new Set(),
  };
  req.body = coerceV1(req.body, schema, '', '', notes);
  // Only what later stages ask about is kept (not the literal lookup, which holds the body).
  coercionNotes.set(req, { nonFinite: notes.nonFinite, nonStringKeys: notes.nonStringKeys });
};

const coercionNotes = new WeakMap<Request, Omit<CoercionNotes, 'literal'>>();

/** Whether the body held NaN or ±Infinity at this JSON pointer (validated as 0; stored as null). */
export function wasNonFinite(req: Request, pointer: string): boolean {
  return coercionNotes.get(req)?.nonFinite.has(pointer) ?? false;
}

/** Whether `dict()` met a key that is not a string at this JSON pointer of the body. */
export function hadNonStringKeys(req: Request, pointer: string): boolean {
  return coercionNotes.get(req)?.nonStringKeys.has(pointer) ?? false;
}
