import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Runtime } from './runtime.js';
import { adminRouter } from './admin/router.js';
import { createServiceHandler } from './mount-service.js';
import { serviceFront, unmatched } from './control/front.js';
import type { LoadedService } from './runtime.js';

/** One service alone at the root of its own port, exactly as the real host's paths (`--service-port`). */
export function createServicePortApp(rt: Runtime, svc: LoadedService): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(serviceFront(rt, svc), createServiceHandler(svc, rt));
  return app;
}

/**
 * Routes a request to its service by the first path segment, as a mount at `/<name>` would (baseUrl
 * set, the prefix taken off req.url), in one step: a layer per service made Express's matching a
 * noticeable share of every request (bench/README.md).
 */
function byPrefix(rt: Runtime): RequestHandler {
  const entries = new Map(rt.services.map((svc) => [svc.module.name, { front: serviceFront(rt, svc), handler: createServiceHandler(svc, rt) }]));
  return (req, res, next) => {
    const url = req.url;
    let end = 1;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
    const entry = entries.get(url.slice(1, end));
    if (!entry) return next();
    const rest = url.slice(end);
    req.baseUrl = url.slice(0, end);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    void entry.front(req, res, (err?: unknown) => (err ? next(err) : entry.handler(req, res, next)));
  };
}

/** The whole simulator as an Express app: /__admin, then each service under /<name>. Never listens. */
export function createApp(rt: Runtime, ready: () => boolean = () => true): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use('/__admin', adminRouter(rt, ready));
  app.use(byPrefix(rt));
  app.use(unmatched(rt));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    rt.log.error({ err }, 'unexpected error outside any service');
    if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  });
  return app;
}
