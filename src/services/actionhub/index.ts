import { defineService } from '../../core/service/module.js';
import { isJsonMediaType } from '../../core/pipeline/body.js';
import type { ActionhubData } from './store.js';
import { checkApiKey } from './auth.js';
import { asFastapiSeesIt } from './request.js';
import { mapProblem, type ActionhubProblem } from './errors.js';
import { parseFastapiJson, pyDumps } from './python-json.js';
import { getAssets, postAssets } from './assets.js';
import { getLabels, putLabels } from './labels.js';
import { stateSchemas } from './state-schema.js';

/** ActionHub (FastAPI on pydantic v1): research/mediapocket-actionhub.md parts B and C. */
export const actionhub = defineService<ActionhubData, ActionhubProblem>({
  name: 'actionhub',
  title: 'ActionHub',
  specFile: 'specs/actionhub.openapi.yaml',
  jsonContentType: 'application/json',
  serializeJson: pyDumps,
  body: {
    limit: 16 * 1024 * 1024,
    // FastAPI 0.92 parses a body with no Content-Type as JSON too.
    isJson: (contentType) => contentType === undefined || isJsonMediaType(contentType),
    parse: parseFastapiJson,
  },
  stages: { afterBody: [checkApiKey, asFastapiSeesIt] },
  operations: { get_assets: getAssets, post_assets: postAssets, get_labels: getLabels, put_labels: putLabels },
  mapProblem,
  stateSchemas,
  demoCredentials: [{ kind: 'header actionhub-key', value: 'demo-actionhub-key', description: 'valid for any program-id' }],
});
