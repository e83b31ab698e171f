import type { OperationExchange, WireResponse } from '../service/module.js';
import { isJsonMediaType } from '../pipeline/body.js';
import { ServiceError } from '../pipeline/problems.js';
import type { DocumentGenerator } from './generate.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface MediaObject {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface HeaderObject {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
export interface ResponseObject {
  content?: Record<string, MediaObject>;
  headers?: Record<string, HeaderObject>;
}

/** Prism's `Prefer`: a documented status, a named example, or a value generated with no example used. */
export interface Preference {
  code?: string;
  example?: string;
  dynamic: boolean;
}

export function preferenceOf(header: string | string[] | undefined): Preference | undefined {
  if (typeof header !== 'string') return undefined;
  const prefs = new Map<string, string>();
  for (const part of header.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq > 0) prefs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  const code = prefs.get('code');
  const example = prefs.get('example');
  const dynamic = prefs.get('dynamic') === 'true';
  if (!code && !example && !dynamic) return undefined;
  return { code: code && /^[1-5]\d\d$/.test(code) ? code : undefined, example: example || undefined, dynamic };
}

/** A response the operation documents, and the status it answers with. */
export interface Chosen {
  status: number;
  response: ResponseObject;
}

const responsesOf = (ex: OperationExchange) => (ex.operation.operation.responses ?? {}) as Record<string, ResponseObject>;

// Worked out once per operation: the document does not change while it is served.
const successOf = new WeakMap<object, Chosen | undefined>();

/** Prism's choice: the lowest documented 2xx, else `default` (as 200), else the first documented response. */
export function successResponse(ex: OperationExchange): Chosen | undefined {
  const op = ex.operation.operation;
  if (successOf.has(op)) return successOf.get(op);
  const chosen = chooseSuccess(ex);
  successOf.set(op, chosen);
  return chosen;
}

function chooseSuccess(ex: OperationExchange): Chosen | undefined {
  const responses = responsesOf(ex);
  const codes = Object.keys(responses);
  const success = codes.filter((c) => /^2(\d\d|XX)$/i.test(c)).sort()[0];
  if (success) return { status: /XX$/i.test(success) ? 200 : Number(success), response: responses[success]! };
  if (responses['default']) return { status: 200, response: responses['default'] };
  const first = codes.find((c) => /^[1-5](\d\d|XX)$/i.test(c));
  return first ? { status: /XX$/i.test(first) ? Number(first[0]) * 100 : Number(first), response: responses[first]! } : undefined;
}

/** The documented response for one status (exact, then its range, then `default`). */
export function responseFor(ex: OperationExchange, status: number): Chosen | undefined {
  const responses = responsesOf(ex);
  const found = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses[`${String(status)[0]}xx`] ?? responses['default'];
  return found ? { status, response: found } : undefined;
}

export interface AnswerOptions {
  generator: DocumentGenerator;
  seed: number;
  prefer: Preference | undefined;
  /** The body to send instead of an example or a generated one (a stored thing). */
  value?: { of: unknown };
}

/** A body or header value; `example` when it is the document's own, sent as written (unchecked: documents' examples may break their schemas). */
interface Value {
  of: unknown;
  example?: boolean;
}

/** A value of a header or a body: its example, else the first of its examples, else one generated from its schema. */
function valueOf(o: MediaObject | HeaderObject, options: AnswerOptions, allowExamples: boolean): Value | undefined {
  if (allowExamples) {
    if (o.example !== undefined) return { of: o.example, example: true };
    const first = Object.values(o.examples ?? {}).find((e) => isObject(e) && e.value !== undefined);
    if (first) return { of: first.value, example: true };
  }
  if (o.schema === undefined) return undefined;
  return { of: options.generator.value(o.schema, { seed: options.seed, schemaExamples: allowExamples }) };
}

function headersOf(response: ResponseObject, options: AnswerOptions): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, h] of Object.entries(response.headers ?? {})) {
    if (name.toLowerCase() === 'content-type' || !isObject(h)) continue;
    const v = valueOf(h, { ...options, seed: options.seed + ++n }, !options.prefer?.dynamic)?.of;
    if (v === undefined || v === null) continue;
    out[name] = Array.isArray(v) ? v.map(String).join(',') : isObject(v) ? JSON.stringify(v) : String(v);
  }
  return out;
}

const offers = new WeakMap<ResponseObject, string[]>();

/** The media types to offer, JSON first (those are what a value can always be written as). */
function offered(response: ResponseObject): string[] {
  let types = offers.get(response);
  if (!types) {
    const all = Object.keys(response.content ?? {});
    offers.set(response, (types = [...all.filter(isJsonMediaType), ...all.filter((t) => !isJsonMediaType(t))]));
  }
  return types;
}

// A value the document holds or the generator keeps is the same object on every answer: written once.
const written = new WeakMap<object, Buffer>();
function jsonBody(value: unknown): { json: unknown } | { raw: Buffer } {
  if (typeof value !== 'object' || value === null) return { json: value };
  let bytes = written.get(value);
  if (!bytes) written.set(value, (bytes = Buffer.from(JSON.stringify(value))));
  return { raw: bytes };
}

/**
 * The answer for a documented response: its headers, and a body in the media type `Accept` prefers among
 * those it documents (JSON ones first; another only for a text value), from a named example (`Prefer:
 * example=`), the stored value, the documented example, or a value generated from the schema (only that
 * with `Prefer: dynamic=true`). A HEAD is answered as its GET (Node sends no body).
 */
export function answerWith(ex: OperationExchange, chosen: Chosen, options: AnswerOptions): WireResponse {
  const { status, response } = chosen;
  const headers = headersOf(response, options);
  const types = offered(response);
  if (!types.length) return { status, headers };
  const accept = ex.req.headers['accept'];
  // Accept naming the first type offered, or anything: no negotiation needed.
  const plain = !accept || accept === '*/*' || accept === types[0];
  const acceptable = plain ? types : types.filter((t) => ex.req.accepts(t) !== false);
  const ordered = plain ? types : [...new Set([ex.req.accepts(acceptable) || acceptable[0], ...acceptable].filter((t): t is string => typeof t === 'string'))];
  for (const type of ordered) {
    const media = response.content![type] ?? {};
    let value: Value | undefined;
    const name = options.prefer?.example;
    if (name !== undefined) {
      const named = media.examples?.[name];
      if (!isObject(named)) continue;
      value = { of: named.value, example: true };
    } else value = options.value ?? valueOf(media, options, !options.prefer?.dynamic);
    if (value === undefined) return { status, headers, contentType: type };
    const offSpec = value.example === true;
    if (isJsonMediaType(type)) return { status, headers, ...(options.value ? { json: value.of } : jsonBody(value.of)), contentType: type, offSpec };
    if (typeof value.of === 'string') return { status, headers, raw: value.of, contentType: type, offSpec };
  }
  if (options.prefer?.example !== undefined) throw new ServiceError({ kind: 'prefer_unknown', detail: `Response ${status} documents no example named '${options.prefer.example}'${accept ? ` for Accept '${accept}'` : ''}.` });
  throw new ServiceError({ kind: 'not_acceptable', accept: accept ?? '*/*', available: types });
}
