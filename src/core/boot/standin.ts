import { isAbsolute, join, resolve } from 'node:path';
import { REPO_ROOT } from './repo-root.js';
import type { Server } from 'node:http';
import type { LevelWithSilent } from 'pino';
import type express from 'express';
import type { AnyService, OptionValues } from '../service/module.js';
import { loadSpec, SpecError } from './spec.js';
import { SpecCache } from './spec-cache.js';
import { RouteTable } from '../pipeline/route-table.js';
import type { Durability } from '../state/store.js';
import { openBackend, openBlobs, openControl } from '../state/open.js';
import { Clock } from '../control/clock.js';
import { Random } from '../service/random.js';
import { ResponseChecker } from '../pipeline/response-checker.js';
import { createLogger } from './log.js';
import { checkFixtures, loadFixtures } from '../state/fixtures.js';
import { StateSchemaCompiler } from '../state/schemas.js';
import { seedMissing } from '../state/seeding.js';
import { createApp, createServicePortApp, type StandinApp } from '../http/edge.js';
import { randomBytes } from 'node:crypto';
import * as actions from '../admin/actions.js';
import { knownService } from '../admin/params.js';
import { checkAdminSpec } from '../admin/spec.js';
import type { Standin, StandinClock } from './public.js';
import { importSnapshot, readSnapshotFile } from '../state/snapshots.js';
import type { ServiceStateJson } from '../state/tree.js';
import { Journal } from '../control/journal/index.js';
import { Faults } from '../control/faults.js';
import { closeServer, listen, StartupError } from '../http/server.js';
import { blankToken, DEFAULT_SANDBOX, EMPTY_ADMIN_TOKEN, type LoadedService, type Runtime } from './runtime.js';

export { REPO_ROOT };

export interface RuntimeOptions {
  /** The services to run (the registry in src/services.ts). */
  services: AnyService[];
  /** JSON db file, or a `postgres://` URL (state shared by every instance on it); absent means memory only. */
  db?: string;
  /** Fixtures folder (default `fixtures/` in the repo); `false` starts empty. */
  fixtures?: string | false;
  /** Values of the services' CLI options, by flag name. */
  options?: OptionValues;
  publicUrl?: string;
  logLevel?: LevelWithSilent;
  validateResponses?: boolean;
  durability?: Durability;
  /** Seed for generated ids. */
  seed?: number;
  /** Requests the journal keeps (default 1,000). */
  journalSize?: number;
  /** MiB the journal's entries may hold (default 64); past it the oldest go. */
  journalMemoryMiB?: number;
  /** Sandboxes that may exist at once, the default one included (default 1,000). */
  maxSandboxes?: number;
  /** Require `Authorization: Bearer <token>` on /__admin (but health, docs and specs). */
  adminToken?: string;
  /** OpenAPI documents mounted as services, by prefix (`--spec NAME=FILE`). */
  specs?: Readonly<Record<string, string>>;
  /** Mounted documents answer from the document alone, storing nothing (`--spec-stateless`). */
  specStateless?: boolean;
  /** A snapshot file imported into the default sandbox at start and at every reset (`--state FILE`). */
  stateFile?: string;
  /** Answer CORS preflights and allow any origin (`--cors`). */
  cors?: boolean;
}

async function loadService(module: AnyService, cache: SpecCache, schemas: StateSchemaCompiler): Promise<LoadedService> {
  const file = isAbsolute(module.specFile) ? module.specFile : join(REPO_ROOT, module.specFile);
  const spec = module.spec ?? (await loadSpec(file, cache));
  const ids = new Set(spec.operations.map((o) => o.operationId));
  const missing = [...ids].filter((id) => !module.operations[id]);
  const extra = Object.keys(module.operations).filter((id) => !ids.has(id));
  if (missing.length) throw new SpecError(`${file}: service '${module.name}' has no handler for ${missing.join(', ')}`);
  if (extra.length) throw new SpecError(`${file}: service '${module.name}' has handlers for operations the spec lacks: ${extra.join(', ')}`);
  return { module, spec, routes: new RouteTable(spec.operations, module.framework.headAsGet ?? true, module.ownRoutes), stateSchemas: schemas.prepare(module, spec) };
}

/** Loads specs and fixtures, opens the store and seeds it: everything but the HTTP listener. */
export async function createRuntime(given: RuntimeOptions): Promise<Runtime> {
  if (blankToken(given.adminToken)) throw new StartupError(EMPTY_ADMIN_TOKEN);
  // Loaded only when documents are mounted: most starts never need its generator and parser.
  const mounted = given.specs && Object.keys(given.specs).length ? await (await import('../openapi-service/index.js')).mountDocuments(given.specs, given.services.map((s) => s.name), await SpecCache.open(), { seed: given.seed, stateless: given.specStateless }) : [];
  const o = { ...given, services: [...given.services, ...mounted] };
  const names = new Set<string>();
  for (const s of o.services) {
    if (!/^[a-z][a-z0-9-]*$/.test(s.name) || names.has(s.name)) throw new Error(`service name '${s.name}' is invalid or registered twice`);
    names.add(s.name);
  }
  const shippedFixtures = join(REPO_ROOT, 'fixtures');
  const fixturesDir = o.fixtures === false ? undefined : (o.fixtures ?? shippedFixtures);
  const log = createLogger(o.logLevel ?? 'info');
  const opening = openBackend({ db: o.db, durability: o.durability, maxSandboxes: o.maxSandboxes ?? 1000, warn: (message) => log.warn(message) });
  opening.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  let services: LoadedService[];
  let fixtures: Map<string, ServiceStateJson>;
  const schemas = new StateSchemaCompiler();
  try {
    const caching = SpecCache.open();
    [services, fixtures] = await Promise.all([
      caching.then((cache) => Promise.all(o.services.map((s) => loadService(s, cache, schemas)))),
      loadFixtures(o.services, fixturesDir, o.fixtures !== undefined),
      caching.then((cache) => checkAdminSpec(o.services, cache)),
    ]);
    await checkFixtures(services, fixtures, fixturesDir, await caching);
  } catch (e) {
    // The store must not stay open (the log's file handle) when startup stops.
    await opening.then((s) => s.close(), () => {});
    throw e;
  }
  const store = await opening;
  const rt: Runtime = {
    services,
    store,
    blobs: await openBlobs(o.db, store),
    clock: new Clock(),
    random: new Random(o.seed),
    log,
    options: o.options ?? {},
    fixtures,
    fixturesDir,
    fixturesGiven: o.fixtures !== undefined,
    demoFixtures: fixturesDir !== undefined && resolve(fixturesDir) === shippedFixtures,
    stateFile: o.stateFile,
    cors: o.cors ?? false,
    publicUrl: o.publicUrl?.replace(/\/+$/, ''),
    responseChecker: o.validateResponses ? new ResponseChecker() : undefined,
    ephemeral: new Map(),
    journal: new Journal(o.journalSize ?? 1000, (o.journalMemoryMiB ?? 64) * 1024 * 1024),
    maxSandboxes: o.maxSandboxes ?? 1000,
    faults: new Faults(),
    shared: undefined,
    adminToken: o.adminToken,
    servicePorts: new Map(),
    warmers: [],
  };
  try {
    rt.shared = await openControl(o.db, store, rt, rt.journal.size, (message) => log.warn(message));
    if (rt.shared) rt.journal.idPrefix = `${randomBytes(4).toString('hex')}-`;
  } catch (e) {
    await store.close();
    throw e;
  }
  await seedMissing(rt, DEFAULT_SANDBOX);
  if (o.stateFile) {
    try {
      await importSnapshot(rt, DEFAULT_SANDBOX, await readSnapshotFile(rt, o.stateFile));
    } catch (e) {
      await store.close();
      throw new StartupError((e as Error).message);
    }
  }
  // A new db gets its JSON file at once, so it is there to look at from the first start.
  if (store.persistent && store.isNew) await store.compact();
  return rt;
}

/** A running Standin: the public handle, with the runtime and app for Standin's own code and tests. */
export interface RunningStandin extends Standin {
  runtime: Runtime;
  app: StandinApp;
}

export interface ServeOptions extends RuntimeOptions {
  host?: string;
  port?: number;
  /** Services also served alone at the root of their own port (`--service-port name=PORT`). */
  servicePorts?: Record<string, number>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function hostUrl(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host;
  return `http://${h}:${port}`;
}

/** The clock's in-process handle: the same operations as /__admin/clock. */
function clockHandle(rt: Runtime): StandinClock {
  return {
    now: () => rt.clock.iso(),
    get frozen() {
      return rt.clock.frozen;
    },
    set: (time, { frozen = true } = {}) => {
      actions.localOnly(rt, 'clock.set()');
      actions.setClock(rt, time instanceof Date ? time.getTime() : time, frozen);
    },
    advance: (by) => {
      actions.localOnly(rt, 'clock.advance()');
      return actions.advanceClock(rt, by).now;
    },
    release: () => {
      actions.localOnly(rt, 'clock.release()');
      rt.clock.reset();
    },
  };
}

export async function serve(o: ServeOptions): Promise<RunningStandin> {
  const host = o.host ?? '127.0.0.1';
  const generatedAdminToken = !o.adminToken && !LOOPBACK.has(host);
  const adminToken = o.adminToken ?? (generatedAdminToken ? randomBytes(18).toString('base64url') : undefined);
  const runtime = await createRuntime({ ...o, adminToken });
  const servers: Server[] = [];
  const closeAll = async () => {
    await Promise.all(servers.map((s) => closeServer(s)));
    runtime.journal.closeStreams();
    await runtime.store.close();
  };
  const app = createApp(runtime);
  const serviceUrls: Record<string, string> = {};
  try {
    servers.push(await listen(app, host, o.port ?? 0));
    for (const [name, port] of Object.entries(o.servicePorts ?? {})) {
      const svc = runtime.services.find((s) => s.module.name === name);
      if (!svc) throw new StartupError(`--service-port: no service named '${name}'; services: ${runtime.services.map((s) => s.module.name).join(', ')}`);
      const server = await listen(createServicePortApp(runtime, svc), host, port);
      servers.push(server);
      const actual = (server.address() as { port: number }).port;
      runtime.servicePorts.set(name, actual);
      serviceUrls[name] = hostUrl(host, actual);
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  const server = servers[0]!;
  const port = (server.address() as { port: number }).port;
  setImmediate(() => runtime.warmers.forEach((warm) => warm()));
  let closing: Promise<void> | undefined;
  return {
    url: hostUrl(host, port),
    port,
    serviceUrls,
    adminToken,
    generatedAdminToken,
    runtime,
    app,
    server,
    clock: clockHandle(runtime),
    reset: async ({ service, sandbox } = {}) => void (await actions.reset(runtime, sandbox ?? DEFAULT_SANDBOX, service === undefined ? undefined : [knownService(runtime, service)])),
    // Synchronous, so of this process: with a PostgreSQL db the journal helpers read this instance's
    // requests, and the fault and clock helpers are refused (the admin API acts on every instance).
    requests: (filter = {}) => runtime.journal.find({ sandbox: DEFAULT_SANDBOX, ...filter }),
    count: (matcher = {}) => runtime.journal.count({ sandbox: DEFAULT_SANDBOX, ...matcher }),
    clearRequests: (sandbox = DEFAULT_SANDBOX) => {
      actions.localOnly(runtime, 'clearRequests()');
      return runtime.journal.clear(sandbox);
    },
    fault: (rule, sandbox = DEFAULT_SANDBOX) => actions.addFaultLocal(runtime, sandbox, rule),
    faults: (sandbox = DEFAULT_SANDBOX) => {
      actions.localOnly(runtime, 'faults()');
      return runtime.faults.list(sandbox);
    },
    clearFaults: (id, sandbox = DEFAULT_SANDBOX) => {
      actions.localOnly(runtime, 'clearFaults()');
      return runtime.faults.remove(sandbox, id);
    },
    snapshot: (sandbox = DEFAULT_SANDBOX) => actions.snapshot(runtime, sandbox),
    restore: async (snapshot, sandbox = DEFAULT_SANDBOX) => void (await actions.restore(runtime, sandbox, snapshot)),
    close: () =>
      (closing ??= (async () => {
        await closeAll();
        runtime.log.flush?.();
      })()),
  };
}
