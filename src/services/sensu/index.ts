import { defineService } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import { mapProblem, type SensuProblem } from './errors.js';
import { decodeFirstValue, goMarshal } from './go-json.js';
import { authenticate } from './auth-gate.js';
import { requestLine } from './request-line.js';
import { goBody, isFormBody, limitRequest } from './limit-request.js';
import { login, logout, passesAsBasic, refreshToken, requireBearer, testCredentials, type SensuScratch } from './auth-routes.js';
import { createAsset, getAsset, listAllAssets, listAssets, putAsset } from './assets.js';
import { createNamespace, deleteNamespace, getNamespace, listNamespaces, putNamespace } from './namespaces.js';
import { getHealth, getVersion } from './health.js';
import { sensuAdminRoutes, sensuAdminSpec } from './admin.js';
import { DEFAULT_TOKEN_TTL_SECONDS } from './tokens.js';
import { stateSchemas } from './state-schema.js';

/** Sensu Go 5.11 backend: /health, /version, /auth, namespaces and assets (where its docs and its code differ, the code of the 5.11.0 tag). */
export const sensu = defineService<SensuData, SensuProblem, SensuScratch>({
  name: 'sensu',
  title: 'Sensu Go',
  specFile: 'specs/sensu.openapi.yaml',
  jsonContentType: 'application/json',
  serializeJson: goMarshal,
  framework: {
    name: "Go 1.12 net/http with gorilla/mux and encoding/json",
    // r.URL.Query().Get takes the first of repeated values.
    repeatedQuery: 'first',
    // Header.Get gives the first of repeated headers.
    repeatedHeader: 'first',
    body: {
      limit: 512_000, // MaxBytesLimit (5.11.0:backend/apid/middlewares/limitrequest.go)
      // The auth routes always decode the body; the core API only when ParseForm leaves it alone.
      isJson: (contentType, ex) => !ex.operation?.path.startsWith('/api/') || !isFormBody(contentType),
      // GET /auth and /auth/test decode a body too when a bearer token sends them through RefreshToken.
      read: (ex) => ex.operation?.operation.requestBody !== undefined || ((ex.operation?.operationId === 'login' || ex.operation?.operationId === 'test_credentials') && !passesAsBasic(ex.req)),
      parse: decodeFirstValue,
      lenientUtf8: true,
    },
    // mux routes HEAD only where a route names it.
    headAsGet: false,
    beforeRoute: [requestLine],
    beforeBody: [authenticate, requireBearer],
    afterBody: [limitRequest],
    bodyMediaType: 'application/json',
    bindBody: goBody,
  },
  operations: {
    get_health: getHealth,
    get_version: getVersion,
    login,
    test_credentials: testCredentials,
    refresh_token: refreshToken,
    logout,
    list_assets: listAssets,
    create_asset: createAsset,
    get_asset: getAsset,
    put_asset: putAsset,
    list_all_assets: listAllAssets,
    list_namespaces: listNamespaces,
    create_namespace: createNamespace,
    get_namespace: getNamespace,
    put_namespace: putNamespace,
    delete_namespace: deleteNamespace,
  },
  mapProblem,
  stateSchemas,
  adminRoutes: sensuAdminRoutes,
  adminSpec: sensuAdminSpec,
  cliOptions: [
    {
      name: 'sensu-token-ttl',
      type: 'string',
      arg: 'SECONDS',
      description: `access-token lifetime in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS}, as 5.11)`,
      check: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : `must be a whole number of seconds above 0, got '${v}'`),
    },
  ],
  demoCredentials: [
    { kind: 'basic', value: 'admin:P@ssw0rd!', description: 'cluster admin; GET /auth for a token' },
    { kind: 'basic', value: 'agent:P@ssw0rd!', description: 'can log in, list and get namespaces; 403 on everything else' },
  ],
});
