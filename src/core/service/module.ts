import type { Request, Router } from 'express';
import type { CoreProblem } from '../pipeline/problems.js';
import type { ServiceData } from '../state/service-store.js';
import type { ServiceStateJson } from '../state/tree.js';
import type { Exchange, Handler, OwnHandler, ServiceContext, WireResponse } from './exchange.js';
import type { Framework } from './framework.js';
import type { LoadedSpec } from '../boot/spec.js';

export type { Exchange, FormParts, Handler, OperationExchange, OptionValues, OwnHandler, ServiceContext, Stage, WireResponse } from './exchange.js';
export type { BodyOptions, Framework } from './framework.js';

export interface CliOption {
  /** The flag without dashes, e.g. `token-ttl`. */
  name: string;
  type: 'string' | 'boolean';
  /** The value's placeholder in --help (`SECONDS`, `N`); default `VALUE`. */
  arg?: string;
  description: string;
  /** Checks a string value; returns what is wrong with it (the CLI refuses it with that message). */
  check?: (value: string) => string | undefined;
  /** The value load tests (soak, bench) run with, e.g. `true` for a switch that turns rate limiting off. */
  underLoad?: string | boolean;
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

/** A route outside the spec: `{name}` is one path segment, `{name+}` one or more; GET serves HEAD too. */
export interface OwnRoute<D extends ServiceData = ServiceData, S extends object = object> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handle: OwnHandler<D, S>;
}

/** One simulated service. Adding a service means one of these in `src/services.ts`, nothing in core. */
export interface ServiceModule<D extends ServiceData = ServiceData, P extends { kind: string } = CoreProblem, S extends object = object> {
  /** The prefix, spec stem, fixtures folder, test folder and store key. */
  name: string;
  title: string;
  /**
   * The path the real service's base URL adds after its host, which clients put after the mount too
   * (Webflow's SDK: `https://api.webflow.com/v2` → `/webflow/v2`); shown in the banner and discovery.
   */
  basePath?: string;
  /** `specs/<name>.openapi.yaml`, relative to the repository root (or absolute). */
  specFile: string;
  /** The spec, loaded already (a document mounted with `--spec`); default: `specFile`, loaded at start. */
  spec?: LoadedSpec;
  /** The service reads `Prefer` itself, after its checks (as Prism does); the front only journals the header. */
  ownPrefer?: boolean;
  /** Content-Type of JSON bodies (real services differ on `; charset=utf-8`). */
  jsonContentType?: string;
  /** JSON serializer (e.g. Go's escaping of <, >, &). Default JSON.stringify. */
  serializeJson?: (value: unknown) => string;
  /** How the real framework reads a request and the order it reports problems in. */
  framework: Framework<D, S>;
  /** A handler for every operationId in the spec (checked at startup). */
  operations: Record<string, Handler<D, S>>;
  /** Routes outside the spec (e.g. a presigned upload target), matched before the spec's. */
  ownRoutes?: OwnRoute<D, S>[];
  /**
   * Standin-only controls for this service, mounted at `/__admin/<name>` (e.g. creating a namespace).
   * The context works in the sandbox given by `?sandbox=`; throw `CoreError` for a clear JSON error.
   */
  adminRoutes?: (router: Router, context: (req: Request) => ServiceContext<D>) => void;
  /**
   * The OpenAPI 3.1 fragment that documents `adminRoutes` (`paths` relative to `/__admin/<name>`, and any
   * `components.schemas` they refer to); the admin spec is composed from the core one and these.
   */
  adminSpec?: AdminSpecFragment;
  /** Turns a problem into this service's wire response: every error this service answers passes here. */
  mapProblem: (problem: P | CoreProblem, ex: Exchange<D, S>) => WireResponse;
  /** Adds what every answer of the service carries (e.g. rate-limit headers), errors included. */
  finish?: (wire: WireResponse, ex: Exchange<D, S>) => WireResponse;
  /** State to seed from `fixtures/<name>/` (default: every `*.json` file there, merged, as ServiceStateJson). */
  loadFixtures?: (dir: string) => Promise<ServiceStateJson>;
  /** Record schemas by collection; without them a snapshot's records are only checked to be JSON objects. */
  stateSchemas?: StateSchemas<D>;
  cliOptions?: CliOption[];
  demoCredentials?: DemoCredential[];
}

/** A registered service with its types erased, as core handles it. */
export type AnyService = ServiceModule<ServiceData, { kind: string }, object>;

/** Registers a typed service module; the one place its type parameters are erased. */
export function defineService<D extends ServiceData, P extends { kind: string }, S extends object = object>(m: ServiceModule<D, P, S>): AnyService {
  return m as unknown as AnyService;
}
