import { defineService } from '../../core/service/module.js';
import type { WebflowData } from './store.js';
import { mapProblem, type WebflowProblem } from './errors.js';
import { authorize } from './auth.js';
import { createAsset, deleteAsset, getAsset, listAssets, patchAsset } from './assets.js';
import { createFolder, getFolder, listFolders } from './folders.js';
import { getSite, listSites } from './sites.js';
import { authorizedBy, introspect } from './token.js';
import { s3Routes } from './s3.js';
import { loadWebflowFixtures } from './fixtures.js';
import { DEFAULT_RATE_LIMIT, withRateLimitHeaders } from './rate-limit.js';
import type { WebflowScratch } from './scratch.js';
import { stateSchemas } from './state-schema.js';

/** Webflow Data API v2: sites, the token, assets and asset folders, with the presigned S3 upload served locally. */
export const webflow = defineService<WebflowData, WebflowProblem, WebflowScratch>({
  name: 'webflow',
  title: 'Webflow',
  // The SDK's base URL is https://api.webflow.com/v2.
  basePath: '/v2',
  specFile: 'specs/webflow.openapi.yaml',
  framework: {
    name: "Webflow's API gateway",
    // ASSUMED: a repeated parameter reaches validation as a list, so `?limit=1&limit=2` is a 400.
    repeatedQuery: 'all',
    // Token, rate limit, scope and site are checked before the body is looked at.
    beforeBody: [authorize],
  },
  operations: {
    'list-sites': listSites,
    'get-site': getSite,
    introspect,
    authorized_by: authorizedBy,
    'list-assets': listAssets,
    'create-asset': createAsset,
    'get-asset': getAsset,
    'patch-asset': patchAsset,
    'delete-asset': deleteAsset,
    'list-asset-folders': listFolders,
    'create-asset-folder': createFolder,
    'get-asset-folder': getFolder,
  },
  ownRoutes: s3Routes,
  mapProblem,
  finish: withRateLimitHeaders,
  stateSchemas,
  loadFixtures: loadWebflowFixtures,
  cliOptions: [
    {
      name: 'webflow-rate-limit',
      type: 'string',
      arg: 'N',
      description: `requests per minute per token when the fixtures set none (default ${DEFAULT_RATE_LIMIT})`,
      check: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : `must be a whole number above 0, got '${v}'`),
    },
    { name: 'webflow-no-rate-limit', type: 'boolean', description: 'turn rate limiting off (load tests)', underLoad: true },
  ],
  demoCredentials: [
    { kind: 'bearer', value: 'demo-token', description: 'assets:read assets:write sites:read authorized_user:read on site 580e63e98c9a982ac9b8b741' },
    { kind: 'bearer', value: 'demo-readonly-token', description: 'assets:read only' },
  ],
});
