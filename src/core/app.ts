import express, { type NextFunction, type Request, type Response } from 'express';
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

/** The whole simulator as an Express app: /__admin, then each service under /<name>. Never listens. */
export function createApp(rt: Runtime, ready: () => boolean = () => true): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use('/__admin', adminRouter(rt, ready));
  for (const svc of rt.services) app.use(`/${svc.module.name}`, serviceFront(rt, svc), createServiceHandler(svc, rt));
  app.use(unmatched(rt));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    rt.log.error({ err }, 'unexpected error outside any service');
    if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  });
  return app;
}
