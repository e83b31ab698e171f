import { defineService } from '../../core/service/module.js';
import { isJsonMediaType } from '../../core/pipeline/body.js';
import type { ActionhubData } from './store.js';
import { checkApiKey } from './auth.js';
import { pydanticBody, pythonQuery, type ActionhubScratch } from './request.js';
import { mapProblem, type ActionhubProblem } from './errors.js';
import { parseFastapiJson } from './python-json.js';
import { pyDumps } from './python-print.js';
import { getAssets, postAssets } from './assets.js';
import { getLabels, putLabels } from './labels.js';
import { stateSchemas } from './state-schema.js';

/** ActionHub: a FastAPI 0.92 service on pydantic v1, answering as FastAPI and pydantic do (errors, coercion, check order). */
export const actionhub = defineService<ActionhubData, ActionhubProblem, ActionhubScratch>({
  name: 'actionhub',
  title: 'ActionHub',
  specFile: 'specs/actionhub.openapi.yaml',
  jsonContentType: 'application/json',
  serializeJson: pyDumps,
  framework: {
    name: 'FastAPI 0.92 (Starlette) on pydantic v1',
    // Starlette's QueryParams.get() gives the last of repeated values.
    repeatedQuery: 'last',
    // Starlette's headers.get() gives the first of repeated headers.
    repeatedHeader: 'first',
    body: {
      limit: 16 * 1024 * 1024,
      // FastAPI 0.92 parses a body with no Content-Type as JSON too.
      isJson: (contentType) => contentType === undefined || isJsonMediaType(contentType),
      parse: parseFastapiJson,
    },
    // The actionhub-key dependency runs after the body is parsed (invalid JSON wins) and before any
    // parameter validation (a bad key wins over a missing program-id).
    afterBody: [checkApiKey],
    bindQuery: pythonQuery,
    bodyMediaType: 'application/json',
    bindBody: pydanticBody,
  },
  operations: { get_assets: getAssets, post_assets: postAssets, get_labels: getLabels, put_labels: putLabels },
  mapProblem,
  stateSchemas,
  demoCredentials: [{ kind: 'header actionhub-key', value: 'demo-actionhub-key', description: 'valid for any program-id' }],
});
