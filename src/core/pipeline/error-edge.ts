import type { Runtime } from '../boot/runtime.js';
import type { RequestExchange } from './exchange.js';
import { writeWire } from './wire.js';
import { CoreError, sendCoreError } from '../http/core-error.js';
import { normalize } from './normalize.js';

/**
 * Every error a service answers comes here: the problem goes through the service's own mapper. A mapper
 * that throws is logged and the request gets the service's own 500 (its mapper's `internal`); only if
 * that throws too does Standin answer in its own shape.
 */
export function answerProblem(rt: Runtime, ex: RequestExchange, problem: { kind: string }): void {
  const m = ex.loaded.module;
  ex.problem ??= problem;
  try {
    writeWire(rt, ex, m.mapProblem(problem, ex));
    return;
  } catch (err) {
    rt.log.error({ err, service: m.name, problem: problem.kind }, 'error mapper failed');
  }
  try {
    writeWire(rt, ex, m.mapProblem({ kind: 'internal' }, ex));
  } catch (err) {
    rt.log.error({ err, service: m.name }, 'error mapper failed on internal');
    ex.responseBody = sendCoreError(ex.res, new CoreError(500, 'internal', 'internal error'));
  }
}

/** Anything thrown in a service's pipeline: a ServiceError carries its problem; the rest is logged and `internal`. */
export function answerThrown(rt: Runtime, ex: RequestExchange, err: unknown): void {
  const { problem, unexpected } = normalize(err, ex);
  if (unexpected) rt.log.error({ err, service: ex.service, method: ex.req.method, url: ex.req.originalUrl }, 'unexpected error');
  answerProblem(rt, ex, problem);
}
