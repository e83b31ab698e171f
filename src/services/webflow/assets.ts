import type { WebflowHandler } from './scratch.js';
import type { operations } from './openapi.generated.js';
import { blobKey, type StoredAsset } from './store.js';
import { objectId, checkId } from './ids.js';
import { contentTypeOf } from '../../core/files/content-type.js';
import { mintUploadDetails } from './policy.js';
import { hostedUrl, objectUrl, toAsset } from './wire.js';
import { findAsset, findFolder } from './find.js';

type CreateBody = operations['create-asset']['requestBody']['content']['application/json'];
type PatchBody = NonNullable<operations['patch-asset']['requestBody']>['content']['application/json'];

/** A folder and every folder under it (for `folderId`: "assets in the folder and all descendant folders"). */
function withDescendants(folders: { id: string; parentFolder: string | null }[], root: string): Set<string> {
  const ids = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders) {
      if (f.parentFolder && ids.has(f.parentFolder) && !ids.has(f.id)) {
        ids.add(f.id);
        grew = true;
      }
    }
  }
  return ids;
}

export const listAssets: WebflowHandler = (req, ctx) => {
  const site = ctx.params['site_id']!;
  const q = ctx.query as { offset?: number; limit?: number; folderId?: string };
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  let all = ctx.store.tenant(site).values('assets');
  if (q.folderId !== undefined) {
    checkId(q.folderId);
    const ids = withDescendants(ctx.store.tenant(site).values('asset_folders'), q.folderId);
    all = all.filter((a) => a.folderId !== null && ids.has(a.folderId));
  }
  return { status: 200, json: { assets: all.slice(offset, offset + limit).map((a) => toAsset(ctx, a, true)), pagination: { limit, offset, total: all.length } } };
};

/** Step 1: the asset exists (size 0) from here on; step 2 sends its bytes to uploadUrl. */
export const createAsset: WebflowHandler = async (req, ctx) => {
  const site = ctx.params['site_id']!;
  const body = ctx.body as CreateBody;
  if (body.parentFolder !== undefined) findFolder(ctx, body.parentFolder, site);
  const now = ctx.clock.iso();
  const id = objectId(ctx);
  const key = `${site}/${id}_${body.fileName}`;
  const contentType = contentTypeOf(body.fileName);
  const asset: StoredAsset = {
    id, contentType, size: 0, siteId: site, originalFileName: body.fileName, displayName: body.fileName, lastUpdated: now, createdOn: now,
    altText: null, folderId: body.parentFolder ?? null, fileHash: body.fileHash.toLowerCase(), key, bytes: null,
  };
  const uploadDetails = await mintUploadDetails(ctx, key, contentType);
  await ctx.store.write((tx) => tx.tenant(site).put('assets', id, asset));
  return {
    status: 200,
    json: {
      uploadDetails, contentType, id, ...(body.parentFolder ? { parentFolder: body.parentFolder } : {}),
      uploadUrl: objectUrl(ctx, key), assetUrl: objectUrl(ctx, key), hostedUrl: hostedUrl(ctx, key),
      originalFileName: body.fileName, createdOn: now, lastUpdated: now,
    },
  };
};

export const getAsset: WebflowHandler = (req, ctx) => ({ status: 200, json: toAsset(ctx, findAsset(ctx, ctx.params['asset_id']!)) });

/** displayName and altText; localeId (query or body) and unknown keys are accepted and ignored. */
export const patchAsset: WebflowHandler = async (req, ctx) => {
  const found = findAsset(ctx, ctx.params['asset_id']!);
  const body = (ctx.body ?? {}) as PatchBody;
  const asset: StoredAsset = {
    ...found,
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.altText !== undefined ? { altText: body.altText } : {}),
    lastUpdated: ctx.clock.iso(),
  };
  await ctx.store.write((tx) => tx.tenant(asset.siteId).put('assets', asset.id, asset));
  return { status: 200, json: toAsset(ctx, asset) };
};

export const deleteAsset: WebflowHandler = async (req, ctx) => {
  const asset = findAsset(ctx, ctx.params['asset_id']!);
  await ctx.store.write((tx) => tx.tenant(asset.siteId).delete('assets', asset.id));
  const blob = blobKey(asset);
  if (blob) await ctx.blobs.delete(blob);
  return { status: 204 };
};
