import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { SpecOperation } from '../boot/spec.js';
import type { ServiceData, ServiceStore } from '../state/service-store.js';
import type { Clock } from '../control/clock.js';
import type { Random } from './random.js';
import type { BlobStore } from '../state/blobs.js';
import type { WindowCounter } from './windows.js';

/** What a handler or error mapper answers; core writes it (and checks it against the spec in tests). */
export interface WireResponse {
  status: number;
  headers?: Record<string, string | number | string[]>;
  /** A JSON value, written with the service's serializer and JSON content type. */
  json?: unknown;
  /** A body sent as is. */
  raw?: string | Buffer;
  /** The Content-Type to send; `null` sends none. Default: the service's JSON type when `json` is set, else none. */
  contentType?: string | null;
  /** Answered before any operation (routing or the HTTP layer), so not checked against the operation's responses. */
  beforeOperation?: boolean;
  /** An answer the operation does not describe on purpose (a mounted document's problem+json), so not checked against it. */
  offSpec?: boolean;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** Everything a service's code may reach in one sandbox. */
export interface ServiceContext<D extends ServiceData> {
  readonly service: string;
  readonly sandbox: string;
  /** This service's state in the request's sandbox. */
  readonly store: ServiceStore<D>;
  /** Bytes kept outside the JSON state (uploads), in the request's sandbox. */
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly random: Random;
  /** Values of the CLI options the service declared (and the programmatic `options`). */
  readonly options: OptionValues;
  /** Absolute URL of the service's root as this client reached it (or as `--public-url` says). */
  readonly baseUrl: string;
  readonly log: Logger;
  /** Per-runtime, per-service memory that is not state (counters, caches): lost on restart, never persisted. */
  readonly ephemeral: Map<string, unknown>;
  /** Request counts in fixed windows (rate limits): in `ephemeral`, or shared by every instance on a PostgreSQL db. */
  readonly windows: WindowCounter;
}

/** A multipart form a service parsed itself (fields and files, without the file bytes), as the journal shows it. */
export interface FormParts {
  fields: Record<string, string>;
  files: { field: string; filename: string; contentType: string; size: number }[];
}

/**
 * One request to one service, made once at the edge and handed to the control plane, the service's
 * checks, its handler and its error mapper. `query`, `headers` and `body` are the request as the
 * service's framework reads it (see Framework): what the spec validates and what handlers read; the
 * node request itself is never rewritten. `scratch` is the service's own typed slot for this request.
 */
export interface Exchange<D extends ServiceData = ServiceData, S extends object = object> extends ServiceContext<D> {
  readonly req: Request;
  /** The path below the service's mount point, still percent-encoded. */
  readonly path: string;
  /** Where the service is mounted as this client reached it (`/<name>`, `/__sandbox/<sandbox>/<name>`, or '' on its own port). */
  readonly mount: string;
  /** The query string as sent (without `?`), '' when none. */
  readonly rawQuery: string;
  /** The spec operation the request was routed to; undefined on an own route or when routing failed. */
  readonly operation: SpecOperation | undefined;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters as the framework reads them (after validation: coerced to the spec's types). */
  query: Record<string, unknown>;
  /** Headers as the framework reads them (the validator sees these). */
  headers: IncomingHttpHeaders;
  /** The body as the framework reads it: parsed JSON, text, form fields, or undefined when absent. */
  body: unknown;
  /** The body's bytes as sent (undefined when none). */
  rawBody: Buffer | undefined;
  /** The tenant this request acts in (program-id, account, namespace, site), once the service knows it. */
  tenant: string | undefined;
  readonly scratch: Partial<S>;
  /** A multipart form the service parsed itself, for the journal. */
  form: FormParts | undefined;
  /** With validation left to the handler: throws the request's spec violations, if any, as a `validation` problem. */
  assertValid(): void;
}

/** An exchange routed to a spec operation: what handlers and checks receive. */
export interface OperationExchange<D extends ServiceData = ServiceData, S extends object = object> extends Exchange<D, S> {
  readonly operation: SpecOperation;
}

export type Handler<D extends ServiceData, S extends object = object> = (req: Request, ex: OperationExchange<D, S>) => WireResponse | Promise<WireResponse>;
/** A check the framework runs before the handler; throws a ServiceError to answer instead of it. */
export type Stage<D extends ServiceData, S extends object = object> = (req: Request, ex: OperationExchange<D, S>) => void | Promise<void>;
/** A route outside the spec (e.g. a presigned upload target); it reads its own body. */
export type OwnHandler<D extends ServiceData, S extends object = object> = (req: Request, ex: Exchange<D, S>) => WireResponse | Promise<WireResponse>;
