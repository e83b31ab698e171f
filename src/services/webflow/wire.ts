import type { ServiceContext } from '../../core/service-module.js';
import type { Asset, AssetFolder, StoredAsset, StoredFolder, WebflowData } from './store.js';
import { BUCKET } from './policy.js';

type Ctx = ServiceContext<WebflowData>;

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/** Where Standin serves the bytes (Webflow's CDN in real life), built from the client's own base URL. */
export const hostedUrl = (ctx: Ctx, key: string) => `${ctx.baseUrl}/__cdn/${encodeKey(key)}`;
/** Where step 2 POSTs the file (S3 in real life): the bucket URL plus the key, as Webflow's example shows. */
export const uploadUrl = (ctx: Ctx, key: string) => `${ctx.baseUrl}/__s3/${BUCKET}/${encodeKey(key)}`;

/** An asset in the key order of Webflow's spec example; `folderId` only in lists. */
export function toAsset(ctx: Ctx, a: StoredAsset, inList = false): Asset {
  return {
    id: a.id,
    originalFileName: a.originalFileName,
    displayName: a.displayName,
    contentType: a.contentType,
    size: a.size,
    siteId: a.siteId,
    createdOn: a.createdOn,
    lastUpdated: a.lastUpdated,
    hostedUrl: hostedUrl(ctx, a.key),
    variants: [],
    altText: a.altText,
    ...(inList ? { folderId: a.folderId } : {}),
  };
}

export function toFolder(ctx: Ctx, f: StoredFolder): AssetFolder {
  const assets = ctx.store.tenant(f.siteId).values('assets').filter((a) => a.folderId === f.id).map((a) => a.id);
  return { id: f.id, displayName: f.displayName, parentFolder: f.parentFolder, assets, siteId: f.siteId, createdOn: f.createdOn, lastUpdated: f.lastUpdated };
}
