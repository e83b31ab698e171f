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
import { postEvents } from './events.js';
import { createProgram, getAllPrograms, getProgram, putProgram } from './programs.js';
import { getProgramStatus, rebaseModels, resetModels } from './rebase.js';
import { getRandomUser, getUserActions, getUserEventsLog, getUserLabels, rebaseUser } from './users.js';
import { getSegment, getSegments } from './segments.js';
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
    // FastAPI's APIRoute does not add HEAD to a GET route (fastapi#1773): HEAD is a wrong method.
    headAsGet: false,
  },
  operations: {
    post_events: postEvents,
    get_user_actions: getUserActions,
    get_user_labels: getUserLabels,
    get_user_events_log: getUserEventsLog,
    rebase_user: rebaseUser,
    get_random_user: getRandomUser,
    get_assets: getAssets,
    post_assets: postAssets,
    get_labels: getLabels,
    put_labels: putLabels,
    get_all_programs: getAllPrograms,
    create_program: createProgram,
    get_program: getProgram,
    put_program: putProgram,
    rebase_models: rebaseModels,
    get_program_status: getProgramStatus,
    get_segment: getSegment,
    get_segments: getSegments,
    reset_models: resetModels,
  },
  mapProblem,
  stateSchemas,
  demoCredentials: [{ kind: 'header actionhub-key', value: 'demo-actionhub-key', description: 'admin key, valid for any program-id (fixtures hold program demo-program)' }],
});
