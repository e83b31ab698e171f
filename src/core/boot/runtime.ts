import type { Logger } from 'pino';
import type { AnyService, OptionValues } from '../service/module.js';
import type { LoadedSpec } from './spec.js';
import type { RouteTable } from '../pipeline/route-table.js';
import type { StateBackend } from '../state/backend.js';
import type { BlobStore } from '../state/blobs.js';
import type { ServiceStateJson } from '../state/tree.js';
import type { Clock } from '../control/clock.js';
import type { Random } from '../service/random.js';
import type { ResponseChecker } from '../pipeline/response-checker.js';
import type { Journal } from '../control/journal/index.js';
import type { Faults } from '../control/faults.js';
import type { StateSchemaCheck } from '../state/schemas.js';
import type { SharedControl } from '../control/shared.js';

/** A registered service with its spec loaded and routes compiled (once, at startup). */
export interface LoadedService {
  module: AnyService;
  spec: LoadedSpec;
  routes: RouteTable;
  /** The module's record schemas, compiled; undefined when it declares none. */
  stateSchemas: StateSchemaCheck | undefined;
}

/** What every part of a running Standin shares. */
export interface Runtime {
  services: LoadedService[];
  store: StateBackend;
  blobs: BlobStore;
  clock: Clock;
  random: Random;
  log: Logger;
  /** Values of every service's CLI options, by flag name. */
  options: OptionValues;
  /** The state each service starts from (empty when fixtures are off); read again from disk at every reset. */
  fixtures: Map<string, ServiceStateJson>;
  /** Where the fixtures are read from (undefined: none), and whether the user named that folder. */
  fixturesDir: string | undefined;
  fixturesGiven: boolean;
  /** Whether the shipped fixtures (which hold the demo credentials) are in use. */
  demoFixtures: boolean;
  /** A snapshot file imported into the default sandbox at start and at every reset (`--state`). */
  stateFile: string | undefined;
  /** Answer CORS preflights and allow any origin (`--cors`). */
  cors: boolean;
  /** Base URL clients use to reach Standin, when it differs from the request's Host (`--public-url`). */
  publicUrl: string | undefined;
  /** Set when responses are checked against the specs (tests). */
  responseChecker: ResponseChecker | undefined;
  /** Each service's ephemeral memory per sandbox, keyed `<sandbox>\\0<service>` (see ServiceContext.ephemeral). */
  ephemeral: Map<string, Map<string, unknown>>;
  /** Every request to every service, bounded. */
  journal: Journal;
  /** Sandboxes that may exist at once (`--max-sandboxes`). */
  maxSandboxes: number;
  /** Fault and latency rules in force (with `shared`, this instance's copy of the database's). */
  faults: Faults;
  /**
   * Where instances share a database: the journal, fault rules, clock and rate windows there, which the
   * admin API acts on (`journal`, `faults` and `clock` above then hold this instance's part or copy).
   */
  shared: SharedControl | undefined;
  /** When set, every /__admin call but health, docs and specs needs `Authorization: Bearer <token>`. */
  adminToken: string | undefined;
  /** Ports of services served alone at their own port's root (`--service-port`), by service. */
  servicePorts: Map<string, number>;
  /** Work done lazily (validator compilation) that serve() starts once it is listening. */
  warmers: (() => unknown)[];
}

export const DEFAULT_SANDBOX = 'default';

/** An empty admin token would turn admin auth off without a word (an unset shell variable does that): refused at start. */
export const EMPTY_ADMIN_TOKEN = '--admin-token is empty (an unset shell variable?): give a token, or leave the option out to run without one';

export const blankToken = (token: string | undefined): boolean => token !== undefined && token.trim() === '';
