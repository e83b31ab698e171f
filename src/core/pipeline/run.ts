import type { LoadedService, Runtime } from '../boot/runtime.js';
import type { OperationExchange } from '../service/module.js';
import type { RequestExchange } from './exchange.js';
import { specValidator, type SpecValidator } from './validator.js';
import { ServiceError } from './problems.js';
import { bodyReader } from './body.js';
import { writeWire } from './wire.js';
import { answerThrown } from './error-edge.js';
import { retryOnConflict } from '../state/conflict.js';
import { bindReading, readRequest, validateReading } from './reading.js';

function decodeParams(raw: Readonly<Record<string, string>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    try {
      params[k] = decodeURIComponent(v);
    } catch {
      params[k] = v;
    }
  }
  return params;
}

/** A routing miss as a problem; `withoutTrailingSlash` when the path minus its trailing slashes is routed. */
function routingProblem(svc: LoadedService, ex: RequestExchange): ServiceError {
  const route = ex.route!;
  if (route.kind === 'method_not_allowed') return new ServiceError({ kind: 'method_not_allowed', allow: route.allow, operations: route.operations });
  const trimmed = ex.path.replace(/\/+$/, '');
  const routed = trimmed && trimmed !== ex.path && svc.routes.match(ex.req.method, trimmed).kind !== 'not_found';
  return new ServiceError(routed ? { kind: 'route_not_found', withoutTrailingSlash: trimmed } : { kind: 'route_not_found' });
}

/**
 * One service's pipeline, for an exchange the edge has routed (and its controls let through): the
 * framework's checks of the request line; then an own route answers by itself, and a spec operation
 * goes the checks before the body → the body → the checks after it → the framework's reading bound →
 * spec validation → the handler. Any error goes through the error edge to the service's own mapper.
 * One function, not a stack of Express layers: routing layers dominated the per-request cost
 * (bench/README.md).
 */
export function servicePipeline(svc: LoadedService, rt: Runtime): (ex: RequestExchange) => void {
  const m = svc.module;
  const f = m.framework;
  const readBody = bodyReader(f.body);
  // Built on first use: each instance compiles OpenAPI's meta-schema even with validateApiSpec off,
  // which would hold up startup; serve() warms them right after it starts listening.
  let eov: Promise<SpecValidator> | undefined;
  const validators = () => (eov ??= specValidator(svc.spec.validated ?? svc.spec.document));
  rt.warmers.push(validators);
  const beforeRoute = f.beforeRoute ?? [];
  const beforeBody = f.beforeBody ?? [];
  const afterBody = f.afterBody ?? [];
  const inHandler = f.validation === 'handler';

  const run = async (ex: RequestExchange): Promise<void> => {
    for (const check of beforeRoute) check(ex);
    const route = ex.route!;
    if (route.kind === 'own') {
      ex.rawParams = route.params;
      ex.params = decodeParams(route.params);
      const answer = route.route.handle(ex.req, ex);
      return writeWire(rt, ex, answer instanceof Promise ? await retryOnConflict(answer, () => route.route.handle(ex.req, ex)) : answer);
    }
    if (route.kind !== 'operation') throw routingProblem(svc, ex);
    ex.operation = route.operation;
    ex.rawParams = route.params;
    ex.params = decodeParams(route.params);
    const op = ex as OperationExchange & RequestExchange;
    readRequest(m, ex);
    // Synchronous checks and handlers are not awaited: each await is a turn of the microtask queue.
    for (const stage of beforeBody) {
      const pending = stage(ex.req, op);
      if (pending) await pending;
    }
    const reading = readBody(ex);
    if (reading) await reading;
    for (const stage of afterBody) {
      const pending = stage(ex.req, op);
      if (pending) await pending;
    }
    const binding = bindReading(m, ex);
    if (binding) await binding;
    const problem = await validateReading(await validators(), ex);
    if (problem) {
      if (!inHandler) throw new ServiceError(problem);
      ex.deferred = problem;
    }
    const handler = m.operations[route.operation.operationId];
    if (!handler) throw new Error(`${m.name}: no handler for ${route.operation.operationId}`);
    const answer = handler(ex.req, op);
    // Where instances share state, a handler whose reads another instance overtook runs again (conflict.ts).
    writeWire(rt, ex, answer instanceof Promise ? await retryOnConflict(answer, () => handler(ex.req, op)) : answer);
  };

  return (ex) => void run(ex).catch((err: unknown) => answerThrown(rt, ex, err));
}
