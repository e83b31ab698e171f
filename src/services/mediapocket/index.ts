import { defineService } from '../../core/service/module.js';
import type { MediapocketData } from './store.js';
import { mapProblem, type MediapocketProblem } from './errors.js';
import { authenticate, isRailsJson, railsParams, type MediapocketScratch } from './request.js';
import { createAsset, createAttachment, getAsset, listAttachments, restoreAsset, trashAsset, updateAsset } from './assets.js';
import { addMedia, removeMedia } from './media.js';
import { getMediaDownloadUrl, listMedia } from './media-urls.js';
import { demoFiles, mediaRoutes } from './media-files.js';
import { getArticle, updateArticle } from './article.js';
import { getAssetHistory } from './history.js';
import { createProject, createProjectAsset, createSubproject, getProject, updateProject } from './projects.js';
import { commentHandlers } from './comments.js';
import { addCollectionAsset, createCollection, listAssetCollections } from './collections.js';
import { stateSchemas } from './state-schema.js';

const assetComments = commentHandlers('asset');
const projectComments = commentHandlers('project');

/** Mediapocket API V2: a Rails app whose params apipie-rails documents and validates. */
export const mediapocket = defineService<MediapocketData, MediapocketProblem, MediapocketScratch>({
  name: 'mediapocket',
  title: 'Mediapocket',
  specFile: 'specs/mediapocket.openapi.yaml',
  framework: {
    name: 'Rails with apipie-rails param validation',
    // Rack keeps the last of a repeated plain key; `tags[]=a&tags[]=b` is an array (railsParams).
    repeatedQuery: 'last',
    // Rails reads params from the body whatever the method, and parses only its own JSON types.
    body: { limit: 16 * 1024 * 1024, read: () => true, isJson: isRailsJson },
    // The API key is checked in a before_action, ahead of anything else.
    beforeBody: [authenticate],
    bodyMediaType: 'application/json',
    bindBody: railsParams,
    // The resource in the path is looked up (404) before apipie checks the params.
    validation: 'handler',
  },
  operations: {
    create_asset: createAsset,
    get_asset: getAsset,
    update_asset: updateAsset,
    trash_asset: trashAsset,
    restore_asset: restoreAsset,
    list_attachments: listAttachments,
    create_attachment: createAttachment,
    list_asset_comments: assetComments.list,
    create_asset_comment: assetComments.create,
    get_asset_comment: assetComments.get,
    update_asset_comment: assetComments.update,
    delete_asset_comment: assetComments.remove,
    get_asset_history: getAssetHistory,
    list_asset_collections: listAssetCollections,
    list_media: listMedia,
    get_media_download_url: getMediaDownloadUrl,
    add_media: addMedia,
    remove_media: removeMedia,
    get_article: getArticle,
    update_article: updateArticle,
    create_project: createProject,
    get_project: getProject,
    update_project: updateProject,
    create_subproject: createSubproject,
    create_project_asset: createProjectAsset,
    list_project_comments: projectComments.list,
    create_project_comment: projectComments.create,
    update_project_comment: projectComments.update,
    create_collection: createCollection,
    add_collection_asset: addCollectionAsset,
  },
  // Where the presigned media URLs lead: S3 as Standin serves it, outside the API (no key).
  ownRoutes: mediaRoutes,
  mapProblem,
  stateSchemas,
  loadFixtures: demoFiles.loadFixtures,
  demoCredentials: [
    { kind: 'header X-API-KEY', value: 'demo-mediapocket-key', description: 'demo@example.com, account demo' },
    { kind: 'header X-API-KEY', value: 'other-mediapocket-key', description: 'other@example.com, account other' },
  ],
});
