import express, { type Request, type RequestHandler, type Response } from 'express';
import type { OperationContext, ServiceContext, WireResponse } from '../service/module.js';
import type { LoadedService, Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { sandboxMount, sandboxOf } from '../control/sandbox.js';
import { specValidator, type SpecValidator } from './validator.js';
import { preferred } from '../control/prefer.js';
import { ServiceError, type Issue } from './problems.js';
import { bodyReader } from './body.js';
import { normalize } from './normalize.js';
import { writeWire } from './wire.js';
import type { ServiceData } from '../state/service-store.js';
import { baseUrlOf, serviceContext } from '../service/context.js';
import type { RequestState } from './request-state.js';

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function state(res: Response): RequestState {
  const s = res.locals.standin;
  if (!s) throw new Error('request state missing: the service handler did not initialise it');
  return s;
}

/**
 * The validator requires a body only when the body schema lists required properties; the spec's
 * `requestBody.required` is what counts, so a missing required body is added here when it left it out.
 */
function withMissingBody(problem: RequestState['deferred'], req: Request, s: RequestState): RequestState['deferred'] {
  const requestBody = s.operation?.operation.requestBody as { required?: boolean } | undefined;
  if (!requestBody?.required || req.body !== undefined) return problem;
  const missing: Issue = { in: 'body', path: [], keyword: 'required', message: "must have required property 'body'", present: false, value: undefined, parent: undefined, schema: undefined };
  if (!problem) return { kind: 'validation', issues: [missing] };
  if (problem.kind !== 'validation' || problem.issues.some((i) => i.in === 'body' && i.path.length === 0)) return problem;
  return { kind: 'validation', issues: [...problem.issues, missing] };
}

/**
 * One service as a single request handler, mountable under a prefix or at a port's root. Every request
 * goes the same way: route by the spec (404/405 before anything), stages before the body, the body,
 * stages after it, spec validation, the handler; any error goes through the service's own mapper.
 * It is one function rather than a stack of Express layers because routing layers dominated the
 * per-request cost (bench/README.md).
 */
export function createServiceHandler(svc: LoadedService, rt: Runtime): RequestHandler {
  const m = svc.module;
  const readBody = bodyReader(m.body);
  // Built on first use: each instance compiles OpenAPI's meta-schema even with validateApiSpec off,
  // which would hold up startup; serve() warms them right after it starts listening.
  let eov: Promise<SpecValidator> | undefined;
  const validators = () => (eov ??= specValidator(svc));
  rt.warmers.push(validators);
  const beforeBody = m.stages?.beforeBody ?? [];
  const afterBody = m.stages?.afterBody ?? [];

  const contextFor = (req: Request, res: Response): ServiceContext<ServiceData> =>
    serviceContext(rt, m, state(res).sandbox, () => baseUrlOf(rt, req, sandboxMount(state(res).sandbox, req.baseUrl)));

  const operationContext = (req: Request, res: Response): OperationContext<ServiceData> => {
    const s = state(res);
    if (s.context) return s.context;
    const operation = s.operation;
    if (!operation) throw new Error('no operation matched');
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.params)) params[k] = decodeParam(v);
    const assertValid = () => {
      if (s.deferred) throw new ServiceError(s.deferred);
    };
    // Assigned onto the context rather than spread from it, so its lazy baseUrl stays lazy.
    s.context = Object.assign(contextFor(req, res), { operation, params, assertValid });
    return s.context;
  };

  let raw: express.Router | undefined;
  if (m.rawRoutes) {
    raw = express.Router({ caseSensitive: true, strict: true });
    m.rawRoutes(raw, (req) => contextFor(req, req.res as Response));
  }

  const fail = (err: unknown, req: Request, res: Response): void => {
    const { problem, unexpected } = normalize(err, req, res);
    if (unexpected) rt.log.error({ err, service: m.name, method: req.method, url: req.originalUrl }, 'unexpected error');
    let wire: WireResponse;
    try {
      wire = m.mapProblem(problem, req);
    } catch (mapErr) {
      rt.log.error({ err: mapErr, service: m.name, problem: problem.kind }, 'error mapper failed');
      wire = { status: 500, json: { error: 'internal error' } };
    }
    writeWire(res, wire, svc, rt);
  };

  const validate = async (req: Request, res: Response): Promise<void> => {
    // The validator knows no HEAD; a HEAD is validated as the GET it mirrors (Node still sends no body).
    const method = req.method;
    if (method === 'HEAD') req.method = 'GET';
    let problem: RequestState['deferred'];
    try {
      const s = state(res);
      await (await validators())(req, res, s.operation!, s.params);
    } catch (err) {
      const n = normalize(err, req, res);
      if (n.unexpected) throw err;
      problem = n.problem as RequestState['deferred'];
    } finally {
      req.method = method;
    }
    problem = withMissingBody(problem, req, state(res));
    if (!problem) return;
    if (!m.deferValidation) throw new ServiceError(problem);
    state(res).deferred = problem;
  };

  const run = async (req: Request, res: Response): Promise<void> => {
    const s = state(res);
    const match = svc.routes.match(req.method, req.path);
    if (match.kind === 'not_found') {
      const trimmed = req.path.replace(/\/+$/, '');
      const routed = trimmed && trimmed !== req.path && svc.routes.match(req.method, trimmed).kind !== 'not_found';
      throw new ServiceError(routed ? { kind: 'route_not_found', withoutTrailingSlash: trimmed } : { kind: 'route_not_found' });
    }
    if (match.kind === 'method_not_allowed') {
      throw new ServiceError({ kind: 'method_not_allowed', allow: match.allow, operations: match.operations });
    }
    s.operation = match.operation;
    s.params = match.params;
    const prefer = preferred(svc, match.operation, req);
    if (prefer) {
      s.unchecked = true;
      res.locals.prefer = prefer.label;
      return writeWire(res, prefer.wire, svc, rt);
    }
    // Synchronous stages and handlers are not awaited: each await is a turn of the microtask queue.
    for (const stage of beforeBody) {
      const pending = stage(req, operationContext(req, res));
      if (pending) await pending;
    }
    const reading = readBody(req, res);
    if (reading) await reading;
    for (const stage of afterBody) {
      const pending = stage(req, operationContext(req, res));
      if (pending) await pending;
    }
    await validate(req, res);
    const ctx = operationContext(req, res);
    const handler = m.operations[ctx.operation.operationId];
    if (!handler) throw new Error(`${m.name}: no handler for ${ctx.operation.operationId}`);
    const answer = handler(req, ctx);
    writeWire(res, answer instanceof Promise ? await answer : answer, svc, rt);
  };

  return (req, res) => {
    res.locals.standin = { service: m.name, sandbox: sandboxOf(req) ?? DEFAULT_SANDBOX, params: {} };
    const go = () => run(req, res).catch((err: unknown) => fail(err, req, res));
    if (!raw) return void go();
    raw(req, res, (err?: unknown) => (err ? fail(err, req, res) : void go()));
  };
}
