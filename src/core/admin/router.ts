import express, { type NextFunction, type Request, type Response } from 'express';
import type { Runtime } from '../runtime.js';
import { DEFAULT_SANDBOX } from '../runtime.js';
import { exportState, resetServices } from '../state-ops.js';
import { AdminError, sendAdminError } from './admin-error.js';
import { baseUrlOf, serviceContext } from '../context.js';

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AdminError(400, 'bad_request', `query parameter '${name}' must be given once`);
  return v;
}

/** `?service=` checked against the registry: a list of one name, or undefined for all. */
export function selectedServices(rt: Runtime, req: Request): string[] | undefined {
  const name = queryString(req, 'service');
  if (name === undefined) return undefined;
  const names = rt.services.map((s) => s.module.name);
  if (!names.includes(name)) throw new AdminError(404, 'unknown_service', `no service named '${name}'; services: ${names.join(', ')}`);
  return [name];
}

export function selectedSandbox(req: Request): string {
  return queryString(req, 'sandbox') ?? DEFAULT_SANDBOX;
}

/** Standin's own controls, under /__admin. */
export function adminRouter(rt: Runtime, ready: () => boolean): express.Router {
  const r = express.Router({ caseSensitive: true, strict: true });
  r.use(express.json({ limit: '256mb' }));

  r.get('/health', (_req, res) => {
    if (!ready()) return sendAdminError(res, 503, 'starting', 'Standin is starting');
    res.json({ status: 'ok' });
  });

  r.get('/state', (req, res) => {
    const sandbox = selectedSandbox(req);
    res.json({ sandbox, services: exportState(rt, sandbox, selectedServices(rt, req)) });
  });

  r.post('/reset', async (req, res) => {
    const sandbox = selectedSandbox(req);
    const services = selectedServices(rt, req) ?? rt.services.map((s) => s.module.name);
    await resetServices(rt, sandbox, services);
    res.json({ status: 'ok', sandbox, services });
  });

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
    rt.log.error({ err }, 'admin error');
    sendAdminError(res, 500, 'internal', 'internal error');
  });
  return r;
}
