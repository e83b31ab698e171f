import { dirname, isAbsolute, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { LevelWithSilent } from 'pino';
import type express from 'express';
import type { AnyService, OptionValues } from './service-module.js';
import { loadSpec, SpecError } from './spec.js';
import { RouteTable } from './route-table.js';
import { Store, type Durability } from './store/store.js';
import { FileBlobs, MemoryBlobs } from './store/blobs.js';
import { Clock } from './clock.js';
import { Random } from './random.js';
import { ResponseChecker } from './response-checker.js';
import { createLogger } from './log.js';
import { loadFixtures } from './fixtures.js';
import { resetServices, seedMissing } from './state-ops.js';
import { createApp } from './app.js';
import { closeServer, listen } from './server.js';
import { DEFAULT_SANDBOX, type LoadedService, type Runtime } from './runtime.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RuntimeOptions {
  /** The services to run (the registry in src/services.ts). */
  services: AnyService[];
  /** JSON db file; absent means memory only. */
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
}

async function loadService(module: AnyService): Promise<LoadedService> {
  const file = isAbsolute(module.specFile) ? module.specFile : join(REPO_ROOT, module.specFile);
  const spec = await loadSpec(file);
  const ids = new Set(spec.operations.map((o) => o.operationId));
  const missing = [...ids].filter((id) => !module.operations[id]);
  const extra = Object.keys(module.operations).filter((id) => !ids.has(id));
  if (missing.length) throw new SpecError(`${file}: service '${module.name}' has no handler for ${missing.join(', ')}`);
  if (extra.length) throw new SpecError(`${file}: service '${module.name}' has handlers for operations the spec lacks: ${extra.join(', ')}`);
  return { module, spec, routes: new RouteTable(spec.operations, module.headAsGet ?? true) };
}

/** Loads specs and fixtures, opens the store and seeds it: everything but the HTTP listener. */
export async function createRuntime(o: RuntimeOptions): Promise<Runtime> {
  const names = new Set<string>();
  for (const s of o.services) {
    if (!/^[a-z][a-z0-9-]*$/.test(s.name) || names.has(s.name)) throw new Error(`service name '${s.name}' is invalid or registered twice`);
    names.add(s.name);
  }
  const fixturesDir = o.fixtures === false ? undefined : (o.fixtures ?? join(REPO_ROOT, 'fixtures'));
  if (o.db) await mkdir(dirname(resolve(o.db)), { recursive: true });
  const [services, fixtures, store] = await Promise.all([
    Promise.all(o.services.map(loadService)),
    loadFixtures(o.services, fixturesDir),
    Store.open({ path: o.db, durability: o.durability }),
  ]);
  const rt: Runtime = {
    services,
    store,
    blobs: o.db ? new FileBlobs(`${resolve(o.db)}.blobs`) : new MemoryBlobs(),
    clock: new Clock(),
    random: new Random(o.seed),
    log: createLogger(o.logLevel ?? 'info'),
    options: o.options ?? {},
    fixtures,
    publicUrl: o.publicUrl?.replace(/\/+$/, ''),
    responseChecker: o.validateResponses ? new ResponseChecker() : undefined,
    ephemeral: new Map(o.services.map((s) => [s.name, new Map<string, unknown>()])),
  };
  await seedMissing(rt, DEFAULT_SANDBOX);
  // A new db gets its JSON file at once, so it is there to look at from the first start.
  if (store.persistent && store.isNew) await store.compact();
  return rt;
}

export interface RunningStandin {
  /** Base URL of the main port, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  runtime: Runtime;
  app: express.Express;
  server: Server;
  /** Puts every service (or the named ones) back to its fixtures. */
  reset(services?: string[]): Promise<void>;
  /** Stops accepting, finishes requests in flight, flushes the store. */
  close(): Promise<void>;
}

export interface ServeOptions extends RuntimeOptions {
  host?: string;
  port?: number;
}

export async function serve(o: ServeOptions): Promise<RunningStandin> {
  const runtime = await createRuntime(o);
  const app = createApp(runtime);
  const host = o.host ?? '127.0.0.1';
  let server: Server;
  try {
    server = await listen(app, host, o.port ?? 0);
  } catch (e) {
    await runtime.store.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    runtime,
    app,
    server,
    reset: (services) => resetServices(runtime, DEFAULT_SANDBOX, services),
    close: () =>
      (closing ??= (async () => {
        await closeServer(server);
        await runtime.store.close();
        runtime.log.flush?.();
      })()),
  };
}
