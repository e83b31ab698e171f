import { ServiceError } from '../../core/pipeline/problems.js';
import type { ServiceContext } from '../../core/service/module.js';
import type { WebflowData } from './store.js';
import { webflowError, type WebflowProblem } from './errors.js';

/** A 24-hex ObjectId, as every Webflow id is. */
export function objectId(ctx: ServiceContext<WebflowData>): string {
  return ctx.random.hex(12);
}

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** 400 validation_error for an id that is not an ObjectId (ASSUMED for asset routes; the spec shows it elsewhere). */
export function checkId(id: string | null | undefined): void {
  if (id != null && !OBJECT_ID.test(id)) throw new ServiceError<WebflowProblem>(webflowError(400, 'validation_error', 'Validation Error: Provided ID is invalid'));
}
