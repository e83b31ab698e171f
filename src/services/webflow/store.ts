import type { components } from './openapi.generated.js';

export type Asset = components['schemas']['Asset'];
export type AssetUpload = components['schemas']['AssetUpload'];
export type AssetFolder = components['schemas']['AssetFolder'];

/** An asset as kept: URLs are built per response from the client's base URL, so only the file key is stored. */
export interface StoredAsset {
  id: string;
  contentType: string;
  size: number;
  siteId: string;
  originalFileName: string;
  displayName: string;
  lastUpdated: string;
  createdOn: string;
  altText: string | null;
  folderId: string | null;
  fileHash: string;
  /** `<siteId>/<id>_<fileName>`: the S3 key of step 2 and the path it is served at. */
  key: string;
  /**
   * Where the bytes are: `upload:<upload id>` once step 2 landed (blob `blobKey`; `upload` alone in dbs
   * written before re-uploads got ids of their own), `fixture:<file>` for shipped demo files, null before.
   */
  bytes: string | null;
}

/**
 * Where an upload's bytes are kept: by asset id (a file name can make the S3 key too long for a file
 * name on disk) and upload id, so a re-upload never writes over the bytes the stored record names.
 */
export function blobKey(a: Pick<StoredAsset, 'siteId' | 'id' | 'bytes'>): string | undefined {
  if (a.bytes === 'upload') return `${a.siteId}/${a.id}`;
  return a.bytes?.startsWith('upload:') ? `${a.siteId}/${a.id}.${a.bytes.slice('upload:'.length)}` : undefined;
}

export interface StoredFolder {
  id: string;
  displayName: string;
  parentFolder: string | null;
  siteId: string;
  createdOn: string;
  lastUpdated: string;
}

export interface Token {
  scopes: string[];
  site_ids: string[];
  /** Requests per minute (default 120). */
  rate_limit?: number;
}

export interface Site {
  id: string;
  displayName: string;
}

export interface Secret {
  value: string;
}

/** Webflow keeps assets and folders per site; tokens, sites and the upload-signing secret are shared. */
export interface WebflowData {
  tenant: { assets: StoredAsset; asset_folders: StoredFolder };
  shared: { tokens: Token; sites: Site; secrets: Secret };
}
