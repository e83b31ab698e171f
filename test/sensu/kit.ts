import type { TestApp } from '../helpers/app.js';
import type { ServiceKit } from '../helpers/kit.js';
import type { FuzzHints } from '../helpers/fuzz-hints.js';
import type { Schema } from '../helpers/schema-arbitrary.js';

const basic = (user: string) => `Basic ${Buffer.from(`${user}:P@ssw0rd!`).toString('base64')}`;

async function token(t: TestApp, user = 'admin'): Promise<string> {
  return (JSON.parse((await t.http.get('/sensu/auth').set('authorization', basic(user))).text) as { access_token: string }).access_token;
}

const asset = (name: string, namespace: string) => ({ url: 'https://example.com/a.tgz', sha512: 'a'.repeat(128), metadata: { name, namespace } });

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
// Sensu 5.11's (*Asset).Validate (spec: AssetInput's description): name pattern, namespace = URL's,
// a 128-character sha512, an http(s) URL, filters that parse as ES5.
const sensuAsset: Schema = {
  type: 'object',
  required: ['url', 'sha512', 'metadata'],
  properties: {
    url: { type: 'string', format: 'uri' },
    sha512: { type: 'string', pattern: '^[0-9a-f]{128}$' },
    filters: { type: ['array', 'null'], items: { enum: ["entity.system.os == 'linux'", "entity.system.arch == 'amd64'", 'true'] } },
    metadata: { type: 'object', required: ['name', 'namespace'], properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap } },
    headers: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
  },
};

// A namespace item route (`/namespaces/{namespace}`), as opposed to the assets inside one.
const namespaceItem = (op: { path: string }) => op.path === '/api/core/v2/namespaces/{namespace}';
let freshNamespaces = 0;

// (*Namespace).Validate: a name (refined above) is all there is.
const sensuNamespace: Schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };

/** Rules the fuzzer needs that the spec states only in prose (test/reliability/fuzz.test.ts). */
const fuzz: FuzzHints = {
  refine: (seeded, op) => {
    // Namespace names are `\A[\w.-]+\z`; a PUT's must be the URL's. Asset names are lowercase and may hold `/`.
    if (op?.operationId === 'put_namespace' && seeded['namespace']) return { name: { const: seeded['namespace'] } };
    if (op?.operationId === 'create_namespace') return { name: { type: 'string', pattern: '^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,39}$' } };
    return { name: { type: 'string', pattern: '^[a-z0-9/_.-]{1,40}$' } };
  },
  // Each namespace item operation works on a namespace of its own (a DELETE must not take `default` away).
  params: async (t, op) => {
    if (!namespaceItem(op)) return undefined;
    const namespace = `fuzz-ns-${++freshNamespaces}`;
    await t.http.post('/__admin/sensu/namespaces').send({ name: namespace });
    return { namespace };
  },
  bodies: { create_asset: sensuAsset, put_asset: sensuAsset, create_namespace: sensuNamespace, put_namespace: sensuNamespace },
  session: async (t, op) => {
    if (op.operationId === 'login' || op.operationId === 'test_credentials') return { headers: { authorization: basic('admin') } };
    if (op.operationId !== 'refresh_token' && op.operationId !== 'logout') return undefined;
    // Each refresh or logout revokes what it is given: a session of its own, not the kit's.
    const tokens = JSON.parse((await t.http.get('/sensu/auth').set('authorization', basic('admin'))).text) as { access_token: string; refresh_token: string };
    return { headers: { authorization: `Bearer ${tokens.access_token}` }, body: { refresh_token: tokens.refresh_token } };
  },
};

// Sensu's tenants are namespaces: tenant a is `default`, tenant b is `production` (one cluster-wide admin).
export const kit: ServiceKit = {
  fuzz,
  auth: async (t) => ({ authorization: `Bearer ${await token(t)}` }),
  unauthenticated: 401,
  tenantKeyA: 'default',
  seed: async (t, marker) => {
    const name = marker.toLowerCase();
    await t.http.put(`/sensu/api/core/v2/namespaces/default/assets/${name}`).set('authorization', `Bearer ${await token(t)}`).send(asset(name, 'default'));
    return { namespace: 'default', name };
  },
  paramsOf: (tenant, seeded) => (tenant === 'a' ? seeded : { ...seeded, namespace: 'production' }),
  roundtrip: async (t, text) => {
    const auth = `Bearer ${await token(t)}`;
    await t.http.put('/sensu/api/core/v2/namespaces/default/assets/roundtrip').set('authorization', auth).send({ ...asset('roundtrip', 'default'), headers: { X: text } });
    return (JSON.parse((await t.http.get('/sensu/api/core/v2/namespaces/default/assets/roundtrip').set('authorization', auth)).text) as { headers: { X: string } }).headers.X;
  },
  // The seeded admin is a cluster admin: listing every namespace's assets is its right, not a leak, and
  // namespaces themselves are cluster-wide (any of them is the admin's to read, replace or delete).
  spansTenants: (op) => op.path === '/api/core/v2/assets' || op.path.startsWith('/api/core/v2/namespaces') && !op.path.includes('/assets'),
  // `agent` may only list and read namespaces (the seeded system:user role); everything else is 403.
  forbidden: {
    headers: async (t) => ({ authorization: `Bearer ${await token(t, 'agent')}` }),
    operations: (op) => op.path.startsWith('/api/') && !(op.method === 'get' && op.path.startsWith('/api/core/v2/namespaces') && !op.path.includes('/assets')),
  },
  // The error bodies the real service sends for these statuses (its documentation's, not the mapper's).
  faultAnswers: {
    404: ['text/plain; charset=utf-8', '{"message":"not found","code":2}'],
    500: ['text/plain; charset=utf-8', '{"message":"internal error occurred","code":0}'],
    503: ['text/plain; charset=utf-8', '{"message":"service unavailable","code":0}'],
  },
  realPath: '/sensu/api/core/v2/namespaces/default/assets',
};
