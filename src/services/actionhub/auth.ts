import { ServiceError } from '../../core/pipeline/problems.js';
import type { Stage } from '../../core/service/module.js';
import type { ActionhubData, ApiKey } from './store.js';
import type { ActionhubExchange, ActionhubScratch } from './request.js';

export interface ForbiddenProblem {
  kind: 'forbidden';
}

/** The System Administration operations: admin keys only. */
const ADMIN_ONLY = new Set(['create_program', 'reset_models']);

/**
 * The `actionhub-key` dependency. FastAPI runs it after the body is parsed (invalid JSON wins) and
 * before any parameter validation (a bad key wins over a missing program-id). Research §C5. A program
 * key is refused for another program-id and on the admin operations with the same 403 (ASSUMED);
 * without a program-id the missing header is the validator's to report.
 */
export const checkApiKey: Stage<ActionhubData, ActionhubScratch> = (_req, ex) => {
  const key = keyOf(ex);
  if (!key) throw new ServiceError<ForbiddenProblem>({ kind: 'forbidden' });
  if (key.program_id === undefined) return;
  const program = ex.headers['program-id'];
  if (ADMIN_ONLY.has(ex.operation.operationId) || (typeof program === 'string' && program !== key.program_id)) {
    throw new ServiceError<ForbiddenProblem>({ kind: 'forbidden' });
  }
};

/** The request's key record (the stage has already refused a request without one). */
export function keyOf(ex: ActionhubExchange): ApiKey | undefined {
  const sent = ex.headers['actionhub-key'];
  return typeof sent === 'string' ? ex.store.shared.get('keys', sent) : undefined;
}
