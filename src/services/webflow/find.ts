import type { Request } from 'express';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { ServiceContext } from '../../core/service/module.js';
import type { StoredAsset, StoredFolder, WebflowData } from './store.js';
import { webflowError, type WebflowProblem } from './errors.js';
import { callerToken } from './auth.js';
import { checkId } from './ids.js';

type Ctx = ServiceContext<WebflowData>;

export const notFound = (what = 'Requested resource not found') => new ServiceError<WebflowProblem>(webflowError(404, 'resource_not_found', what));

/** An asset the caller's token can reach (assets of other sites do not exist for it). */
export function findAsset(req: Request, ctx: Ctx, id: string): StoredAsset {
  checkId(id);
  for (const site of callerToken(req).site_ids) {
    const a = ctx.store.tenant(site).get('assets', id);
    if (a) return a;
  }
  throw notFound();
}

export function findFolder(req: Request, ctx: Ctx, id: string, site?: string): StoredFolder {
  checkId(id);
  for (const s of site ? [site] : callerToken(req).site_ids) {
    const f = ctx.store.tenant(s).get('asset_folders', id);
    if (f) return f;
  }
  throw notFound('Requested resource not found: The asset folder cannot be found');
}
