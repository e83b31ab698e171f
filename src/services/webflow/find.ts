import { ServiceError } from '../../core/pipeline/problems.js';
import type { StoredAsset, StoredFolder } from './store.js';
import type { WebflowExchange } from './scratch.js';
import { webflowError, type WebflowProblem } from './errors.js';
import { callerToken } from './auth.js';
import { checkId } from './ids.js';

type Ctx = WebflowExchange;

export const notFound = (what = 'Requested resource not found') => new ServiceError<WebflowProblem>(webflowError(404, 'resource_not_found', what));

/** An asset the caller's token can reach (assets of other sites do not exist for it). */
export function findAsset(ctx: Ctx, id: string): StoredAsset {
  checkId(id);
  for (const site of callerToken(ctx).site_ids) {
    const a = ctx.store.tenant(site).get('assets', id);
    if (a) return a;
  }
  throw notFound();
}

export function findFolder(ctx: Ctx, id: string, site?: string): StoredFolder {
  checkId(id);
  for (const s of site ? [site] : callerToken(ctx).site_ids) {
    const f = ctx.store.tenant(s).get('asset_folders', id);
    if (f) return f;
  }
  throw notFound('Requested resource not found: The asset folder cannot be found');
}
