import type { ServiceKit } from '../helpers/kit.js';
import type { FuzzHints } from '../helpers/fuzz-hints.js';

const SITE = { a: '580e63e98c9a982ac9b8b741', b: '6390c49674a71f84b51a08d8' };
const TOKEN = { a: 'demo-token', b: 'other-site-token' };

/** Rules the fuzzer needs that the spec states only in prose (test/reliability/fuzz.test.ts). */
const fuzz: FuzzHints = {
  refine: (seeded) => ({
    parentFolder: { const: seeded['asset_folder_id'] },
    folderId: { const: seeded['asset_folder_id'] },
    // Locale ids are ids (24 hex), as the SDK sends them.
    localeId: { type: 'string', pattern: '^[0-9a-f]{24}$' },
  }),
};

// Webflow's tenants are sites, reached through tokens: tenant b's token cannot reach site a.
export const kit: ServiceKit = {
  fuzz,
  auth: async (_t, tenant) => ({ authorization: `Bearer ${TOKEN[tenant]}` }),
  unauthenticated: 401,
  tenantKeyA: SITE.a,
  seed: async (t, marker) => {
    const h = { authorization: `Bearer ${TOKEN.a}` };
    const folder = (await t.http.post(`/webflow/v2/sites/${SITE.a}/asset_folders`).set(h).send({ displayName: marker })).body;
    const asset = (await t.http.post(`/webflow/v2/sites/${SITE.a}/assets`).set(h).send({ fileName: `${marker}.png`, fileHash: '3c7d87c9575702bc3b1e991f4d3c638e', parentFolder: folder.id })).body;
    return { site_id: SITE.a, asset_id: asset.id, asset_folder_id: folder.id };
  },
  paramsOf: (tenant, seeded) => (tenant === 'a' ? seeded : { ...seeded, site_id: SITE.b }),
  roundtrip: async (t, text) => {
    const h = { authorization: `Bearer ${TOKEN.a}` };
    const asset = (await t.http.post(`/webflow/v2/sites/${SITE.a}/assets`).set(h).send({ fileName: 'rt.png', fileHash: '3c7d87c9575702bc3b1e991f4d3c638e' })).body;
    await t.http.patch(`/webflow/v2/assets/${asset.id}`).set(h).send({ altText: text });
    return (await t.http.get(`/webflow/v2/assets/${asset.id}`).set(h)).body.altText as string;
  },
  // demo-readonly-token has assets:read only: every write, the sites and the authorizing user are refused it (introspection needs no scope).
  forbidden: {
    headers: async () => ({ authorization: 'Bearer demo-readonly-token' }),
    operations: (op) => op.method !== 'get' || op.path === '/v2/sites' || op.path === '/v2/sites/{site_id}' || op.path === '/v2/token/authorized_by',
  },
  // The error bodies the real service sends for these statuses (its documentation's, not the mapper's).
  faultAnswers: {
    // `message` first, as every body captured from the live service (client-journeys.md §1.4).
    404: ['application/json; charset=utf-8', '{"message":"Requested resource not found","code":"resource_not_found","externalReference":null,"details":[]}'],
    500: ['application/json; charset=utf-8', '{"message":"An Internal Error occurred","code":"internal_error","externalReference":null,"details":[]}'],
    503: ['application/json; charset=utf-8', '{"message":"An Internal Error occurred","code":"internal_error","externalReference":null,"details":[]}'],
  },
  realPath: '/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets',
};
