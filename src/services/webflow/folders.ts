import { ServiceError } from '../../core/pipeline/problems.js';
import type { WebflowHandler } from './scratch.js';
import type { operations } from './openapi.generated.js';
import type { StoredFolder } from './store.js';
import { webflowError, type WebflowProblem } from './errors.js';
import { objectId } from './ids.js';
import { toFolder } from './wire.js';
import { findFolder } from './find.js';

type CreateBody = operations['create-asset-folder']['requestBody']['content']['application/json'];

export const listFolders: WebflowHandler = (_req, ctx) => {
  const folders = ctx.store.tenant(ctx.params['site_id']!).values('asset_folders');
  return { status: 200, json: { assetFolders: folders.map((f) => toFolder(ctx, f)), pagination: { limit: 100, offset: 0, total: folders.length } } };
};

/** Folder names are unique within a site (the guide); a duplicate is a 409 conflict (ASSUMED). */
export const createFolder: WebflowHandler = async (req, ctx) => {
  const site = ctx.params['site_id']!;
  const body = ctx.body as CreateBody;
  if (body.parentFolder != null) findFolder(ctx, body.parentFolder, site);
  if (ctx.store.tenant(site).values('asset_folders').some((f) => f.displayName === body.displayName)) {
    throw new ServiceError<WebflowProblem>(webflowError(409, 'conflict', 'Conflict: Resource already exists'));
  }
  const now = ctx.clock.iso();
  const folder: StoredFolder = { id: objectId(ctx), displayName: body.displayName, parentFolder: body.parentFolder ?? null, siteId: site, createdOn: now, lastUpdated: now };
  await ctx.store.write((tx) => tx.tenant(site).put('asset_folders', folder.id, folder));
  return { status: 200, json: toFolder(ctx, folder) };
};

export const getFolder: WebflowHandler = (req, ctx) => ({ status: 200, json: toFolder(ctx, findFolder(ctx, ctx.params['asset_folder_id']!)) });
