import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError, sendCoreError } from '../http/core-error.js';
import { baseUrlOf, serviceContext } from '../service/context.js';
import { ensureSandbox, sandboxMount } from '../control/sandbox.js';
import { selectedSandbox } from './params.js';
import { requestRoutes } from './requests.js';
import { faultRoutes } from './faults.js';
import { stateRoutes } from './state.js';
import { clockRoutes } from './clock.js';
import { discoveryRoutes } from './discovery.js';
import { adminSpecOf } from './spec.js';
import { closedToOtherSites } from './site-guard.js';
import { logAdminCalls, noteReason } from './log.js';
import type { Answer } from './types.js';

export { selectedSandbox, selectedServices } from './params.js';

// With --admin-token, only readiness is open. A browser cannot send a bearer header, so the docs page
// and the specs it loads also take the token from a cookie, set by opening /__admin/docs?token=T once.
const OPEN = /^\/health$/;
const BROWSED = /^\/(docs(\/.*)?|specs\/[^/]+)$/;
const COOKIE = 'standin_admin_token';

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // a bad escape is no token
    }
  }
  return undefined;
}

function authorize(rt: Runtime) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = rt.adminToken;
    if (!token || OPEN.test(req.path)) return next();
    const auth = req.headers.authorization;
    if (sameToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, token)) return next();
    const browsing = (req.method === 'GET' || req.method === 'HEAD') && BROWSED.test(req.path);
    if (browsing && sameToken(cookieToken(req), token)) return next();
    const fromQuery = req.query['token'];
    if (browsing && req.path === '/docs' && typeof fromQuery === 'string' && sameToken(fromQuery, token)) {
      // Kept in a cookie for this page's own requests, and out of the address bar.
      res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=/__admin; HttpOnly; SameSite=Strict`);
      return res.redirect(302, `${req.baseUrl}/docs`);
    }
    const message = 'this Standin needs Authorization: Bearer <admin token> on /__admin (for the docs page in a browser: open /__admin/docs?token=<admin token>)';
    next(new CoreError(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer realm="standin-admin"' }));
  };
}

interface AdminPath {
  re: RegExp;
  methods: string[];
}

/** The admin spec's paths (services' fragments included) and their methods, read when a request first misses every route. */
async function loadAdminPaths(rt: Runtime): Promise<AdminPath[]> {
  const paths = ((await adminSpecOf(rt))['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths).map(([path, item]) => ({
    re: new RegExp(`^${path.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: Object.keys(item).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map((m) => m.toUpperCase()),
  }));
}

// A client error Express or the static files raised (a bad escape, `..`, NUL, a range past the end), in Standin's words.
const CLIENT_ERRORS: Record<number, [string, string]> = {
  400: ['bad_request', 'the request path or its parameters are not valid (a bad %-escape or a NUL)'],
  403: ['forbidden', 'that path leaves the folder it names'],
  404: ['not_found', 'no such file'],
  412: ['precondition_failed', 'a precondition (If-Match, If-Unmodified-Since) failed'],
  415: ['unsupported_media_type', 'the request body\'s encoding or charset is not supported'],
  416: ['range_not_satisfiable', 'the Range asked for is outside the file'],
};

/** Any error an admin route threw or Express raised (body parsing, a static file, a path parameter), as a CoreError. */
function asCoreError(rt: Runtime, err: unknown): CoreError {
  if (err instanceof CoreError) return err;
  const e = err as { type?: string; status?: unknown; expose?: boolean; message?: string; headers?: Record<string, unknown> };
  if (e.type === 'entity.parse.failed') return new CoreError(400, 'malformed_json', `request body is not JSON: ${e.message ?? ''}`);
  if (e.type === 'entity.too.large') return new CoreError(413, 'too_large', 'request body is too large');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const [code, message] = CLIENT_ERRORS[e.status] ?? ['bad_request', 'bad request'];
    // The body parser's own words say what was wrong with a body; the path's are ours.
    const said = e.type !== undefined && e.expose && e.message ? e.message : message;
    const range = e.headers?.['Content-Range'];
    return new CoreError(e.status, code, said, {}, e.status === 416 && typeof range === 'string' ? { 'Content-Range': range } : {});
  }
  rt.log.error({ err }, 'admin error');
  return new CoreError(500, 'internal', 'internal error');
}

/** Standin's own controls, under /__admin (main port only). */
export function adminRouter(rt: Runtime, ready: () => boolean): express.Router {
  const r = express.Router({ caseSensitive: true, strict: true });
  // The one switch an opt-in CORS mode flips: other origins' pages allowed (the Host check stays).
  // With --cors, pages of other origins are let in on purpose; the Host check (rebinding) stays.
  r.use(closedToOtherSites(rt, { otherOrigins: rt.cors }));
  r.use(logAdminCalls(rt));
  r.use(authorize(rt));
  r.use(express.json({ limit: '256mb' }));

  r.get('/health', (_req, res) => {
    if (!ready()) return void sendCoreError(res, new CoreError(503, 'starting', 'Standin is starting'));
    res.json({ status: 'ok' } satisfies Answer<'health', 200>);
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
    hook(sub, (req) => serviceContext(rt, svc.module, selectedSandbox(req), () => baseUrlOf(rt, req, sandboxMount(selectedSandbox(req), `/${svc.module.name}`))));
    // The sandbox comes from the fixtures first, as on a service request, so a service's admin write
    // does not leave it without the rest of its fixtures.
    r.use(`/${svc.module.name}`, async (req, _res, next) => {
      await ensureSandbox(rt, selectedSandbox(req));
      next();
    }, sub);
  }

  let adminPaths: Promise<AdminPath[]> | undefined;
  r.use(async (req, _res, next) => {
    const known = (await (adminPaths ??= loadAdminPaths(rt))).find((p) => p.re.test(req.path));
    if (known && !(known.methods.includes(req.method) || (req.method === 'HEAD' && known.methods.includes('GET')))) {
      const allow = known.methods.join(', ');
      return next(new CoreError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.baseUrl}${req.path}; allowed: ${allow}`, {}, { Allow: allow }));
    }
    next(new CoreError(404, 'not_found', `no admin route ${req.method} ${req.baseUrl}${req.path}`));
  });
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = asCoreError(rt, err);
    noteReason(res, e.message);
    sendCoreError(res, e);
  });
  return r;
}
