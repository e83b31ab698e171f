import type { CoreProblem } from './problems.js';
import type { SpecOperation } from '../boot/spec.js';
import type { OperationContext } from '../service/module.js';
import type { ServiceData } from '../state/service-store.js';

/** What core learns about a request as it passes through a service's pipeline. */
export interface RequestState {
  service: string;
  sandbox: string;
  /** The spec operation the request matched (unset for unmatched requests and raw routes). */
  operation?: SpecOperation;
  params: Record<string, string>;
  /** A spec violation held back for `ctx.assertValid()` (services with deferValidation). */
  deferred?: CoreProblem;
  /** Set when the response is not one the handler chose (e.g. an injected fault), so it is not spec-checked. */
  unchecked?: boolean;
  context?: OperationContext<ServiceData>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      standin?: RequestState;
      /** The id of the fault rule that hit the request, for the journal. */
      fault?: string;
      /** The Prefer header that chose the answer, for the journal. */
      prefer?: string;
    }
  }
}
