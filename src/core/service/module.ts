import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { CoreProblem } from '../pipeline/problems.js';
import type { SpecOperation } from '../boot/spec.js';
import type { ServiceData, ServiceStore } from '../state/service-store.js';
import type { ServiceStateJson } from '../state/tree.js';
import type { Clock } from '../control/clock.js';
import type { Random } from './random.js';
import type { BlobStore } from '../state/blobs.js';

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
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** Everything a service's code may reach for one request. */
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
}

export interface OperationContext<D extends ServiceData> extends ServiceContext<D> {
  readonly operation: SpecOperation;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** With `deferValidation`: throws the request's spec violations, if any, as a `validation` problem. */
  assertValid(): void;
}

export type Handler<D extends ServiceData> = (req: Request, ctx: OperationContext<D>) => WireResponse | Promise<WireResponse>;
/** Runs before the handler; throws a ServiceError to answer instead of it. */
export type Stage<D extends ServiceData> = (req: Request, ctx: OperationContext<D>) => void | Promise<void>;

export interface BodyOptions {
  /** Largest body accepted, in bytes (default 1 MiB). */
  limit?: number;
  /** Whether a body with this Content-Type (undefined: none sent) is parsed as JSON for this request. */
  isJson?: (contentType: string | undefined, req: Request) => boolean;
  /** Bytes that are not UTF-8 become U+FFFD (as Go reads them) instead of a `malformed_body` problem. */
  lenientUtf8?: boolean;
  /** Parses JSON text; throws on bad input (the error reaches the mapper in `malformed_body`). Default JSON.parse. */
  parse?: (text: string) => unknown;
  /** Whether to read the body at all (default: when the operation declares a requestBody); unread means absent. */
  read?: (req: Request, operation: SpecOperation) => boolean;
}

export interface CliOption {
  /** The flag without dashes, e.g. `token-ttl`. */
  name: string;
  type: 'string' | 'boolean';
  description: string;
  /** Checks a string value; returns what is wrong with it (the CLI refuses it with that message). */
  check?: (value: string) => string | undefined;
}

export interface DemoCredential {
  /** Where it goes: a header name, `basic`, `bearer`. */
  kind: string;
  value: string;
  description: string;
}

export interface AdminSpecFragment {
  paths: Readonly<Record<string, unknown>>;
  components?: { schemas?: Readonly<Record<string, unknown>> };
}

/** A JSON Schema (2020-12); `$ref: '#/components/schemas/<Name>'` (or a path inside one) reaches the service's spec. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The schema of the records each collection holds, for every collection the service keeps. Snapshots
 * (`PUT /__admin/state`, `--state`) and fixtures are checked against them before anything is stored.
 */
export interface StateSchemas<D extends ServiceData = ServiceData> {
  shared: { readonly [C in keyof D['shared'] & string]: JsonSchema };
  tenant: { readonly [C in keyof D['tenant'] & string]: JsonSchema };
}

/** One simulated service. Adding a service means one of these in `src/services.ts`, nothing in core. */
export interface ServiceModule<D extends ServiceData = ServiceData, P extends { kind: string } = CoreProblem> {
  /** The prefix, spec stem, fixtures folder, test folder and store key. */
  name: string;
  title: string;
  /** `specs/<name>.openapi.yaml`, relative to the repository root. */
  specFile: string;
  /** Content-Type of JSON bodies (real services differ on `; charset=utf-8`). */
  jsonContentType?: string;
  /** JSON serializer (e.g. Go's escaping of <, >, &). Default JSON.stringify. */
  serializeJson?: (value: unknown) => string;
  body?: BodyOptions;
  /** Stages before the body is read (auth that beats body errors) and after it (auth that body errors beat). */
  stages?: { beforeBody?: Stage<D>[]; afterBody?: Stage<D>[] };
  /**
   * When true, a request that fails the spec still reaches the handler, which calls
   * `ctx.assertValid()` once its own earlier checks (e.g. lookups answering 404) are done.
   */
  deferValidation?: boolean;
  /** Whether HEAD is served as the GET it mirrors (default true); false answers it as a wrong method. */
  headAsGet?: boolean;
  /** A handler for every operationId in the spec (checked at startup). */
  operations: Record<string, Handler<D>>;
  /** Routes outside the spec (e.g. a presigned upload target), mounted before the spec's routes. */
  rawRoutes?: (router: Router, context: (req: Request) => ServiceContext<D>) => void;
  /**
   * Standin-only controls for this service, mounted at `/__admin/<name>` (e.g. creating a namespace).
   * The context works in the sandbox given by `?sandbox=`; throw `AdminError` for a clear JSON error.
   */
  adminRoutes?: (router: Router, context: (req: Request) => ServiceContext<D>) => void;
  /**
   * The OpenAPI 3.1 fragment that documents `adminRoutes` (`paths` relative to `/__admin/<name>`, and any
   * `components.schemas` they refer to); the admin spec is composed from the core one and these.
   */
  adminSpec?: AdminSpecFragment;
  /** Turns a problem into this service's wire response; the only place its error shapes live. */
  mapProblem: (problem: P | CoreProblem, req: Request) => WireResponse;
  /** State to seed from `fixtures/<name>/` (default: every `*.json` file there, merged, as ServiceStateJson). */
  loadFixtures?: (dir: string) => Promise<ServiceStateJson>;
  /** Record schemas by collection; without them a snapshot's records are only checked to be JSON objects. */
  stateSchemas?: StateSchemas<D>;
  cliOptions?: CliOption[];
  demoCredentials?: DemoCredential[];
}

/** A registered service with its types erased, as core handles it. */
export type AnyService = ServiceModule<ServiceData, { kind: string }>;

/** Registers a typed service module; the one place its type parameters are erased. */
export function defineService<D extends ServiceData, P extends { kind: string }>(m: ServiceModule<D, P>): AnyService {
  return m as unknown as AnyService;
}

export type { Response };
