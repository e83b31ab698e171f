import type { StateSchemas } from '../../core/service/module.js';
import type { WebflowData } from './store.js';

const field = (schema: string, name: string) => ({ $ref: `#/components/schemas/${schema}/properties/${name}` });
const fields = (schema: string, names: string[]) => Object.fromEntries(names.map((n) => [n, field(schema, n)]));
const stringList = { type: 'array', items: { type: 'string' } };

const ASSET_FIELDS = ['id', 'contentType', 'size', 'siteId', 'originalFileName', 'displayName', 'lastUpdated', 'createdOn', 'altText', 'folderId'];
const FOLDER_FIELDS = ['id', 'displayName', 'parentFolder', 'siteId', 'createdOn', 'lastUpdated'];

/** Stored assets and folders keep the spec's fields but the ones built per response (URLs, variants, a folder's assets). */
export const stateSchemas: StateSchemas<WebflowData> = {
  tenant: {
    assets: {
      type: 'object',
      required: [...ASSET_FIELDS, 'fileHash', 'key', 'bytes'],
      properties: {
        ...fields('Asset', ASSET_FIELDS),
        fileHash: { type: 'string' },
        key: { type: 'string', pattern: '^[^/]+/', description: '<siteId>/<id>_<fileName>' },
        bytes: { type: ['string', 'null'], pattern: '^(upload(:[0-9a-f]{1,32})?|fixture:.+)$' },
      },
    },
    asset_folders: { type: 'object', required: FOLDER_FIELDS, properties: fields('AssetFolder', FOLDER_FIELDS) },
  },
  shared: {
    tokens: {
      type: 'object',
      required: ['scopes', 'site_ids'],
      properties: {
        scopes: stringList,
        site_ids: stringList,
        rate_limit: { type: 'integer', minimum: 0 },
        authorization_id: field('Authorization', 'authorization/properties/id'),
        created_on: { type: 'string', format: 'date-time' },
        grant_type: { type: 'string' },
        user_id: field('AuthorizedUser', 'id'),
        workspace_ids: stringList,
        application: { $ref: '#/components/schemas/Application' },
      },
    },
    sites: { $ref: '#/components/schemas/Site' },
    users: { $ref: '#/components/schemas/AuthorizedUser' },
    secrets: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } },
  },
};
