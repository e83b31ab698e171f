import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { adminRouter } from '../admin/router.js';
import { createServiceHandler } from '../pipeline/run.js';
import { serviceFront, unmatched } from '../control/front.js';
import type { LoadedService } from '../boot/runtime.js';
import { takeSandboxPath } from '../control/sandbox.js';

/** What a server listens with (and supertest drives): the whole simulator as one request listener. */
export type StandinApp = (req: IncomingMessage, res: ServerResponse) => void;

type Entry = (req: Request, res: Response) => void;

function baseExpress(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  return app;
}

function sendInternalError(rt: Runtime, err: unknown, res: Response): void {
  rt.log.error({ err }, 'unexpected error outside any service');
  if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
}

/** A service behind its front (sandbox, journal, faults), as one call. */
function serviceEntry(rt: Runtime, svc: LoadedService): Entry {
  const front = serviceFront(rt, svc);
  const handler = createServiceHandler(svc, rt);
  const fail = (err: unknown, res: Response) => sendInternalError(rt, err, res);
  return (req, res) => {
    const next = (err?: unknown) => (err ? fail(err, res) : void handler(req, res, next));
    Promise.resolve(front(req, res, next)).catch((err: unknown) => fail(err, res));
  };
}

/**
 * Gives a raw node request what an Express app gives it before its first layer (the request and
 * response prototypes, `locals`, the mount's baseUrl and url), and hands it to `entry`. Service traffic
 * takes this way instead of Express's router: one layer per request instead of a stack of them
 * (bench/README.md). The admin API and everything unmatched still go through Express.
 */
function asExpress(app: express.Express, req: IncomingMessage, res: ServerResponse, baseUrl: string, url: string, entry: Entry): void {
  const r = Object.setPrototypeOf(req, app.request) as Request;
  const s = Object.setPrototypeOf(res, app.response) as Response;
  r.res = s;
  s.req = r;
  s.locals = Object.create(null) as Response['locals'];
  r.originalUrl = req.url ?? '/';
  r.baseUrl = baseUrl;
  r.url = url;
  entry(r, s);
}

/** One service alone at the root of its own port, exactly as the real host's paths (`--service-port`). */
export function createServicePortApp(rt: Runtime, svc: LoadedService): StandinApp {
  const app = baseExpress();
  const entry = serviceEntry(rt, svc);
  return (req, res) => {
    const url = req.url ?? '/';
    const sandbox = takeSandboxPath(req, url);
    asExpress(app, req, res, sandbox?.prefix ?? '', sandbox?.rest ?? url, entry);
  };
}

/**
 * The whole simulator: /__admin, then each service under /<name> by its first path segment (after an
 * optional `/__sandbox/<name>`). Never listens.
 */
export function createApp(rt: Runtime, ready: () => boolean = () => true): StandinApp {
  const app = baseExpress();
  app.use('/__admin', adminRouter(rt, ready));
  app.use(unmatched(rt));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendInternalError(rt, err, res));
  const entries = new Map(rt.services.map((svc) => [svc.module.name, serviceEntry(rt, svc)]));
  return (req, res) => {
    const sandbox = takeSandboxPath(req, req.url ?? '/');
    const url = sandbox?.rest ?? req.url ?? '/';
    let end = 1;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
    const entry = url[0] === '/' ? entries.get(url.slice(1, end)) : undefined;
    if (!entry) return void app(req, res);
    const rest = url.slice(end);
    asExpress(app, req, res, `${sandbox?.prefix ?? ''}${url.slice(0, end)}`, rest.startsWith('/') ? rest : `/${rest}`, entry);
  };
}

export type { RequestHandler };
