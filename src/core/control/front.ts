import type { LoadedService, Runtime } from '../boot/runtime.js';
import type { RequestExchange } from '../pipeline/exchange.js';
import { writeWire } from '../pipeline/wire.js';
import { answerProblem } from '../pipeline/error-edge.js';
import { Random } from '../service/random.js';
import { ensureSandbox } from './sandbox.js';
import { trySandbox } from './admission.js';
import { preferred } from './prefer.js';
import { maskHeaderNamed } from './journal/index.js';
import type { Fault } from './faults.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Fault dice of their own: a probability or latency range never shifts the seeded ids (--seed).
const dice = new WeakMap<Runtime, Random>();
function diceOf(rt: Runtime): Random {
  let d = dice.get(rt);
  if (!d) dice.set(rt, (d = new Random(rt.random.seeded ? 0x5eed : undefined)));
  return d;
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
}

/** A service's pipeline: takes a routed exchange and answers it. */
export type Pipeline = (ex: RequestExchange) => void;

/**
 * What stands in front of every service (on the main port and on its own port): the sandbox (made from
 * the fixtures on first use), fault rules, which answer in the service's own shape or delay the
 * request, and a `Prefer` header; then the service's pipeline.
 */
export function withControls(rt: Runtime, svc: LoadedService, pipeline: Pipeline): (ex: RequestExchange) => Promise<void> | void {
  const schemes = (svc.spec.document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  for (const scheme of Object.values(schemes)) if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) maskHeaderNamed(scheme.name);
  const random = diceOf(rt);
  const name = svc.module.name;

  const applyFault = async (ex: RequestExchange, fault: Fault): Promise<void> => {
    ex.fault = fault.id;
    if (fault.latencyMs !== undefined) {
      const max = fault.latencyMaxMs ?? fault.latencyMs;
      await sleep(fault.latencyMs + random.int(max - fault.latencyMs + 1));
    }
    if (fault.reset) return void ex.req.socket.destroy();
    const problem = fault.rateLimit ? ({ kind: 'rate_limited', retryAfterSeconds: fault.retryAfterSeconds ?? 1 } as const) : fault.status !== undefined ? ({ kind: 'status', status: fault.status } as const) : undefined;
    if (!problem) return withPrefer(ex); // latency only: the request goes on
    ex.unchecked = true;
    // The journal still names the operation the request was for.
    if (ex.route?.kind === 'operation') ex.operation = ex.route.operation;
    if (fault.body !== undefined && fault.status !== undefined) return writeWire(rt, ex, { status: fault.status, json: fault.body });
    answerProblem(rt, ex, problem);
  };

  /** Prism's `Prefer` header chooses a documented answer instead of the handler. */
  const withPrefer = (ex: RequestExchange): void => {
    const operation = ex.route?.kind === 'operation' ? ex.route.operation : undefined;
    if (svc.module.ownPrefer) {
      const header = ex.req.headers['prefer'];
      if (operation && typeof header === 'string') ex.prefer = header.trim();
      return pipeline(ex);
    }
    const prefer = operation && preferred(svc.module, operation, ex);
    if (!prefer) return pipeline(ex);
    ex.operation = operation;
    ex.unchecked = true;
    ex.prefer = prefer.label;
    writeWire(rt, ex, prefer.wire);
  };

  const afterSeeding = (ex: RequestExchange): Promise<void> | void => {
    if (!rt.faults.size) return withPrefer(ex);
    const dice = () => random.int(1_000_000) / 1_000_000;
    // Shared rules are counted in the database, so `times` holds across instances.
    if (rt.shared) return rt.shared.faults.hit(ex.sandbox, name, ex.req.method, ex.path, dice).then((fault) => (fault ? applyFault(ex, fault) : withPrefer(ex)));
    const fault = rt.faults.hit(ex.sandbox, name, ex.req.method, ex.path, dice);
    return fault ? applyFault(ex, fault) : withPrefer(ex);
  };

  return (ex) => {
    trySandbox(rt, ex, !rt.store.sandboxes.has(ex.sandbox));
    const seeding = ensureSandbox(rt, ex.sandbox);
    return seeding ? seeding.then(() => afterSeeding(ex)) : afterSeeding(ex);
  };
}
