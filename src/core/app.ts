import express, { type NextFunction, type Request, type Response } from 'express';
import type { Runtime } from './runtime.js';
import { adminRouter } from './admin/router.js';
import { createServiceHandler } from './mount-service.js';

/** The whole simulator as an Express app: /__admin, then each service under /<name>. Never listens. */
export function createApp(rt: Runtime, ready: () => boolean = () => true): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use('/__admin', adminRouter(rt, ready));
  for (const svc of rt.services) app.use(`/${svc.module.name}`, createServiceHandler(svc, rt));

  const prefixes = rt.services.map((s) => `/${s.module.name}`).join(', ');
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'not_found', message: `nothing is served at ${req.path}; services are under ${prefixes}, controls under /__admin` } });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    rt.log.error({ err }, 'unexpected error outside any service');
    if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  });
  return app;
}
