import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { OperationContext, ServiceContext, Stage } from './service-module.js';
import type { LoadedService, Runtime } from './runtime.js';
import { DEFAULT_SANDBOX } from './runtime.js';
import { ServiceError } from './problem.js';
import { bodyReader } from './body.js';
import { normalize } from './normalize.js';
import { writeWire } from './wire.js';
import type { ServiceData } from './store/service-store.js';
import { baseUrlOf, serviceContext } from './context.js';
import type { RequestState } from './request-state.js';

type Eov = ReturnType<typeof OpenApiValidator.middleware>;

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The sandbox a request works in (the per-test sandbox header arrives with the control plane). */
export function resolveSandbox(_req: Request): string {
  return DEFAULT_SANDBOX;
}

function state(res: Response): RequestState {
  const s = res.locals.standin;
  if (!s) throw new Error('request state missing: the service app was mounted without its init middleware');
  return s;
}

/** Runs connect-style handlers in order; stops at the first error and hands it to `done`. */
function runChain(chain: RequestHandler[], req: Request, res: Response, done: (err?: unknown) => void): void {
  let i = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) return done(err);
    const h = chain[i++];
    if (!h) return done();
    try {
      const r: unknown = h(req, res, step);
      if (r instanceof Promise) r.catch(step);
    } catch (e) {
      step(e);
    }
  };
  step();
}

function validator(svc: LoadedService): Eov {
  // The validator matches paths against the URL it is given: with the real `servers` kept, it would
  // validate nothing. Matching on req.url from '/' makes it work under any mount prefix or port.
  const apiSpec = { ...structuredClone(svc.spec.document), servers: [{ url: '/' }] };
  return OpenApiValidator.middleware({
    apiSpec: apiSpec as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
    validateApiSpec: false,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: false,
    validateSecurity: false,
    useRequestUrl: true,
    fileUploader: false,
  });
}

/**
 * Builds one service as its own Express app, in the order every service shares: route by the spec
 * (404/405 before anything), stages before the body, the body, stages after it, spec validation, the
 * handler; any error goes through the service's own mapper. Mountable under a prefix or at a port's root.
 */
export function createServiceApp(svc: LoadedService, rt: Runtime): express.Express {
  const m = svc.module;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  const contextFor = (req: Request, res: Response): ServiceContext<ServiceData> =>
    serviceContext(rt, m, state(res).sandbox, baseUrlOf(rt, req, req.baseUrl));

  const operationContext = (req: Request, res: Response): OperationContext<ServiceData> => {
    const s = state(res);
    if (s.context) return s.context;
    const operation = s.operation;
    if (!operation) throw new Error('no operation matched');
    const params = Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, decodeParam(v)]));
    s.context = {
      ...contextFor(req, res),
      operation,
      params,
      assertValid: () => {
        if (s.deferred) throw new ServiceError(s.deferred);
      },
    };
    return s.context;
  };

  app.use((req, res, next) => {
    res.locals.standin = { service: m.name, sandbox: resolveSandbox(req), params: {} };
    next();
  });

  if (m.rawRoutes) {
    const raw = express.Router({ caseSensitive: true, strict: true });
    m.rawRoutes(raw, (req) => contextFor(req, req.res as Response));
    app.use(raw);
  }

  app.use((req, res, next) => {
    const match = svc.routes.match(req.method, req.path);
    if (match.kind === 'not_found') {
      const trimmed = req.path.replace(/\/+$/, '');
      const routed = trimmed && trimmed !== req.path && svc.routes.match(req.method, trimmed).kind !== 'not_found';
      throw new ServiceError(routed ? { kind: 'route_not_found', withoutTrailingSlash: trimmed } : { kind: 'route_not_found' });
    }
    if (match.kind === 'method_not_allowed') {
      throw new ServiceError({ kind: 'method_not_allowed', allow: match.allow, operations: match.operations });
    }
    const s = state(res);
    s.operation = match.operation;
    s.params = match.params;
    next();
  });

  const stage = (fn: Stage<ServiceData>): RequestHandler => async (req, res, next) => {
    await fn(req, operationContext(req, res));
    next();
  };
  for (const fn of m.stages?.beforeBody ?? []) app.use(stage(fn));
  app.use(bodyReader(m.body));
  for (const fn of m.stages?.afterBody ?? []) app.use(stage(fn));

  const eov = validator(svc);
  app.use((req, res, next) => {
    // The validator knows no HEAD; a HEAD is validated as the GET it mirrors (Node still sends no body).
    const method = req.method;
    if (method === 'HEAD') req.method = 'GET';
    runChain(eov, req, res, (err) => {
      req.method = method;
      if (err === undefined) return next();
      if (!m.deferValidation) return next(err);
      const { problem, unexpected } = normalize(err, req, res);
      if (unexpected) return next(err);
      state(res).deferred = problem as RequestState['deferred'];
      next();
    });
  });

  app.use(async (req, res) => {
    const ctx = operationContext(req, res);
    const handler = m.operations[ctx.operation.operationId];
    if (!handler) throw new Error(`${m.name}: no handler for ${ctx.operation.operationId}`);
    writeWire(res, await handler(req, ctx), svc, rt);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { problem, unexpected } = normalize(err, req, res);
    if (unexpected) rt.log.error({ err, service: m.name, method: req.method, url: req.originalUrl }, 'unexpected error');
    let wire;
    try {
      wire = m.mapProblem(problem, req);
    } catch (mapErr) {
      rt.log.error({ err: mapErr, service: m.name, problem: problem.kind }, 'error mapper failed');
      wire = { status: 500, json: { error: 'internal error' } };
    }
    writeWire(res, wire, svc, rt);
  });

  return app;
}
