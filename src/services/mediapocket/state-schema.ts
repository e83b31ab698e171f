import type { StateSchemas } from '../../core/service/module.js';
import type { MediapocketData } from './store.js';

const spec = (path: string) => ({ $ref: `#/components/schemas/${path}` });

/** Assets, projects and collections are stored as Mediapocket answers them; the rest as store.ts types them. */
export const stateSchemas: StateSchemas<MediapocketData> = {
  tenant: {
    assets: spec('Asset'),
    projects: spec('Project'),
    collections: spec('Collection'),
    collection_members: { type: 'object', required: ['asset_ids'], properties: { asset_ids: { type: 'array', items: spec('Asset/properties/id') } } },
    comments: {
      type: 'object',
      required: ['id', 'message', 'updated_at', 'user_id', 'target', 'target_id'],
      properties: {
        id: spec('Comment/properties/id'),
        message: spec('Comment/properties/message'),
        updated_at: spec('Comment/properties/updated_at'),
        user_id: spec('User/properties/id'),
        target: { enum: ['asset', 'project'] },
        target_id: { type: 'string' },
      },
    },
    articles: { type: 'object', required: ['content'], properties: { content: { type: 'string' } } },
  },
  shared: {
    api_keys: { type: 'object', required: ['user_id'], properties: { user_id: spec('User/properties/id') } },
    users: { allOf: [spec('User')], required: ['account'], properties: { account: { type: 'string' } } },
    // The next comment id: one sequence for every account.
    sequences: { type: 'object', required: ['next'], properties: { next: { type: 'integer', minimum: 1 } } },
  },
};
