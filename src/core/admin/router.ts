import express, { type NextFunction, type Request, type Response } from 'express';
import type { Runtime } from '../runtime.js';
import { AdminError, sendAdminError } from './admin-error.js';
import { baseUrlOf, serviceContext } from '../context.js';
import { selectedSandbox } from './params.js';
import { requestRoutes } from './requests.js';
import { faultRoutes } from './faults.js';
import { stateRoutes } from './state.js';
import { clockRoutes } from './clock.js';
import { discoveryRoutes } from './discovery.js';

export { selectedSandbox, selectedServices } from './params.js';

// Open even with --admin-token: readiness, and the docs a person browses to.
const OPEN = /^\/(health|docs(\/.*)?|specs\/[^/]+)$/;

/** Standin's own controls, under /__admin (main port only). */
export function adminRouter(rt: Runtime, ready: () => boolean): express.Router {
  const r = express.Router({ caseSensitive: true, strict: true });
  r.use((req, _res, next) => {
    if (!rt.adminToken || OPEN.test(req.path)) return next();
    if (req.headers.authorization !== `Bearer ${rt.adminToken}`) return next(new AdminError(401, 'unauthorized', 'this Standin needs Authorization: Bearer <admin token> on /__admin'));
    next();
  });
  r.use(express.json({ limit: '256mb' }));

  r.get('/health', (_req, res) => {
    if (!ready()) return sendAdminError(res, 503, 'starting', 'Standin is starting');
    res.json({ status: 'ok' });
  });
  requestRoutes(r, rt);
  faultRoutes(r, rt);
  stateRoutes(r, rt);
  clockRoutes(r, rt);
  discoveryRoutes(r, rt);

  for (const svc of rt.services) {
    const hook = svc.module.adminRoutes;
    if (!hook) continue;
    const sub = express.Router({ caseSensitive: true, strict: true });
    hook(sub, (req) => serviceContext(rt, svc.module, selectedSandbox(req), baseUrlOf(rt, req, `/${svc.module.name}`)));
    r.use(`/${svc.module.name}`, sub);
  }

  r.use((req, _res, next) => next(new AdminError(404, 'not_found', `no admin route ${req.method} ${req.baseUrl}${req.path}`)));
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AdminError) return sendAdminError(res, err.status, err.code, err.message);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') return sendAdminError(res, 400, 'malformed_json', `request body is not JSON: ${e.message ?? ''}`);
    if (e.type === 'entity.too.large') return sendAdminError(res, 413, 'too_large', 'request body is too large');
    if (e.status === 404) return sendAdminError(res, 404, 'not_found', 'no such file');
    rt.log.error({ err }, 'admin error');
    sendAdminError(res, 500, 'internal', 'internal error');
  });
  return r;
}
