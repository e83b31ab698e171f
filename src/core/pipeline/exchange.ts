import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import type { SpecOperation } from '../boot/spec.js';
import type { LoadedService } from '../boot/runtime.js';
import type { Exchange, FormParts } from '../service/exchange.js';
import type { ContextBase } from '../service/context.js';
import type { RouteMatch } from './route-table.js';
import { ServiceError, type CoreProblem } from './problems.js';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The one object a service request is carried in, from the edge to the answer. What services see is the
 * `Exchange` interface; the rest is what core learns on the way (the route, a held-back spec violation,
 * which control answered, the bytes sent) and what the journal records when the response closes.
 */
export class RequestExchange implements Exchange {
  readonly service: string;
  readonly store: ContextBase['store'];
  readonly blobs: ContextBase['blobs'];
  readonly clock: ContextBase['clock'];
  readonly random: ContextBase['random'];
  readonly options: ContextBase['options'];
  readonly log: ContextBase['log'];
  readonly ephemeral: ContextBase['ephemeral'];
  readonly windows: ContextBase['windows'];
  readonly started = performance.now();

  operation: SpecOperation | undefined = undefined;
  params: Readonly<Record<string, string>> = NO_PARAMS;
  /** Path parameters as matched, still percent-encoded (the validator decodes them itself). */
  rawParams: Readonly<Record<string, string>> = NO_PARAMS;
  query: Record<string, unknown> = {};
  headers: IncomingHttpHeaders;
  body: unknown = undefined;
  rawBody: Buffer | undefined = undefined;
  tenant: string | undefined = undefined;
  readonly scratch: Record<string, unknown> = {};
  form: FormParts | undefined = undefined;

  /** The route found at the edge (once per request). */
  route: RouteMatch | undefined = undefined;
  /** A spec violation held back for `assertValid()` (validation left to the handler). */
  deferred: CoreProblem | undefined = undefined;
  /** Set when the answer is not one a handler chose (a fault, a Prefer), so it is not checked against the spec. */
  unchecked = false;
  /** The fault rule that answered or delayed the request, for the journal. */
  fault: string | undefined = undefined;
  /** The Prefer header that chose the answer, for the journal. */
  prefer: string | undefined = undefined;
  /** The bytes sent as the response body, for the journal. */
  responseBody: Buffer | undefined = undefined;
  /** The first problem an error answer was made from, for the log. */
  problem: { kind: string } | undefined = undefined;
  private url: string | undefined;

  constructor(
    readonly loaded: LoadedService,
    base: ContextBase,
    readonly sandbox: string,
    readonly req: Request,
    readonly res: Response,
    readonly path: string,
    readonly mount: string,
    readonly rawQuery: string,
    private readonly baseUrlOf: () => string,
  ) {
    this.service = base.service;
    this.store = base.store;
    this.blobs = base.blobs;
    this.clock = base.clock;
    this.random = base.random;
    this.options = base.options;
    this.log = base.log;
    this.ephemeral = base.ephemeral;
    this.windows = base.windows;
    this.headers = req.headers;
  }

  get baseUrl(): string {
    return (this.url ??= this.baseUrlOf());
  }

  /** Whether a route of the service (an operation or an own route) took the request. */
  get matched(): boolean {
    return this.route?.kind === 'operation' || this.route?.kind === 'own';
  }

  assertValid(): void {
    if (this.deferred) throw new ServiceError(this.deferred);
  }
}
