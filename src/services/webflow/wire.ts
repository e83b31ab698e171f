import type { ServiceContext } from '../../core/service/module.js';
import type { Asset, AssetFolder, StoredAsset, StoredFolder, WebflowData } from './store.js';
import { BUCKET } from './policy.js';

type Ctx = ServiceContext<WebflowData>;

/** `<siteId>/<file>` with the file part encoded whole, so a `/` or `..` in a file name stays inside one segment. */
const encodeKey = (key: string) => `${key.slice(0, key.indexOf('/'))}/${encodeURIComponent(key.slice(key.indexOf('/') + 1))}`;

/** Where Standin serves the bytes (Webflow's CDN in real life), built from the client's own base URL. */
export const hostedUrl = (ctx: Ctx, key: string) => `${ctx.baseUrl}/__cdn/${encodeKey(key)}`;
/**
 * The S3 object (path style, as Webflow's example shows): where step 2 POSTs the file (`uploadUrl`) and,
 * the object being public-read, where it can be read back (`assetUrl`, "S3 link to the asset").
 */
export const objectUrl = (ctx: Ctx, key: string) => `${ctx.baseUrl}/__s3/${BUCKET}/${encodeKey(key)}`;

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
