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
    media: {
      type: 'object',
      required: ['id', 'asset_id', 'original_filename', 'media_type', 'content_type', 'size', 'md5_sum', 'created_date', 'source'],
      properties: {
        id: spec('Media/properties/id'),
        asset_id: spec('Asset/properties/id'),
        original_filename: spec('Media/properties/original_filename'),
        media_type: spec('Media/properties/media_type'),
        content_type: spec('Media/properties/content_type'),
        size: spec('Media/properties/size'),
        md5_sum: spec('Media/properties/md5_sum'),
        created_date: spec('Media/properties/created_date'),
        source: { type: 'string', pattern: '^(fixture|url|s3):' },
      },
    },
    history: {
      type: 'object',
      required: ['id', 'user_id', 'event_type', 'created_at', 'targets'],
      properties: {
        id: spec('HistoryEvent/properties/id'),
        user_id: spec('User/properties/id'),
        event_type: { enum: ['ASSET_ADDED', 'ASSET_UPDATED', 'MEDIA_ADDED', 'MEDIA_REMOVED', 'ASSET_TRASHED', 'ASSET_RESTORED', 'ARTICLE_UPDATED', 'ASSET_ADDED_TO_COLLECTION'] },
        created_at: spec('HistoryEvent/properties/created_at'),
        targets: {
          type: 'array',
          items: {
            type: 'object',
            required: ['target_type', 'target_id', 'number', 'title'],
            properties: { target_type: { enum: ['Asset', 'Collection'] }, target_id: spec('Asset/properties/id'), number: { type: 'integer' }, title: { type: 'string' } },
          },
        },
      },
    },
    record_numbers: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
  },
  shared: {
    api_keys: { type: 'object', required: ['user_id'], properties: { user_id: spec('User/properties/id') } },
    users: { allOf: [spec('User')], required: ['account'], properties: { account: { type: 'string' } } },
    // The next comment, media and event id and internal record number: one sequence each for every account.
    sequences: { type: 'object', required: ['next'], properties: { next: { type: 'integer', minimum: 1 } } },
    // The secret presigned media URLs are signed with.
    secrets: { type: 'object', required: ['value'], properties: { value: { type: 'string', minLength: 1 } } },
  },
};
