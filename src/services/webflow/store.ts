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

export type Site = components['schemas']['Site'];
export type AuthorizedUser = components['schemas']['AuthorizedUser'];
export type Application = components['schemas']['Application'];

/**
 * A token and the authorization behind it (`token/introspect`). The fields past `rate_limit` are optional
 * so that tokens stored before they existed still answer.
 */
export interface Token {
  scopes: string[];
  site_ids: string[];
  /** Requests per minute (default 120). */
  rate_limit?: number;
  /** The authorization's id. */
  authorization_id?: string;
  created_on?: string;
  /** `client_credentials` (site and workspace tokens) or `authorization_code` (an OAuth app's). */
  grant_type?: string;
  /** Who authorized it (`token/authorized_by`): a record of `users`. */
  user_id?: string;
  workspace_ids?: string[];
  /** Only for an OAuth app's token. */
  application?: Application;
}

export interface Secret {
  value: string;
}

/** Webflow keeps assets and folders per site; tokens, sites, users and the upload-signing secret are shared. */
export interface WebflowData {
  tenant: { assets: StoredAsset; asset_folders: StoredFolder };
  shared: { tokens: Token; sites: Site; users: AuthorizedUser; secrets: Secret };
}
