import { ServiceError } from '../../core/pipeline/problems.js';
import type { Stage } from '../../core/service/module.js';
import type { ActionhubData } from './store.js';

export interface ForbiddenProblem {
  kind: 'forbidden';
}

/**
 * The `actionhub-key` dependency. FastAPI runs it after the body is parsed (invalid JSON wins) and
 * before any parameter validation (a bad key wins over a missing program-id). Research §C5.
 */
export const checkApiKey: Stage<ActionhubData> = (_req, ctx) => {
  const key = ctx.headers['actionhub-key'];
  if (typeof key !== 'string' || !ctx.store.shared.has('keys', key)) {
    throw new ServiceError<ForbiddenProblem>({ kind: 'forbidden' });
  }
};
