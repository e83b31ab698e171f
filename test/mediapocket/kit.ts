import type { ServiceKit } from '../helpers/kit.js';
import type { FuzzHints } from '../helpers/fuzz-hints.js';

const key = { a: 'demo-mediapocket-key', b: 'other-mediapocket-key' };

/** Rules the fuzzer needs that the spec states only in prose (test/reliability/fuzz.test.ts). */
const fuzz: FuzzHints = {
  refine: (seeded) => ({
    // add_collection_asset names an asset of the account; media come from an http(s) URL with a file name.
    asset_id: { const: seeded['asset_id'] },
    file_url: { type: 'string', format: 'uri' },
    filename: { type: 'string', pattern: '^[a-z0-9_-]{1,16}\\.(jpg|png|pdf|mp4)$' },
    // external_id is unique per account: long enough never to repeat by chance.
    external_id: { type: 'string', pattern: '^[a-z0-9]{24}$' },
  }),
  // The kit's comment is on an asset; a project's comment route needs one of the project's, a media route the asset's media.
  params: async (t, op, seeded): Promise<Record<string, string> | undefined> => {
    const h = { 'X-API-KEY': 'demo-mediapocket-key' };
    if (op.path.includes('{media_id}')) {
      await t.http.post(`/mediapocket/api/v2/assets/${seeded['asset_id']}/media`).set(h).send({ file_url: 'https://www.example.com/fuzz.jpg', filename: 'fuzz.jpg' });
      const r = await t.http.get(`/mediapocket/api/v2/assets/${seeded['asset_id']}/media`).set(h);
      return { media_id: String((r.body as { media: { id: number }[] }).media[0]!.id) };
    }
    if (!op.path.startsWith('/api/v2/projects/{project_id}/comments/')) return undefined;
    const r = await t.http.post(`/mediapocket/api/v2/projects/${seeded['project_id']}/comments`).set(h).send({ comment: 'fuzz' });
    return { comment_id: String((r.body as { comment: { id: number } }).comment.id) };
  },
  // Removing media leaves the asset (and answers 200 when there is none): only comment deletes use theirs up.
  consumes: (op) => op.operationId === 'delete_asset_comment',
  // Rails' uniqueness and lookups answer 400 (ModelError's documented `taken` and `asset-not-found`).
  business: (_op, status, text) => status === 400 && /^\{"error":"(External id has already been taken|asset not found)"\}$/.test(text),
};

export const kit: ServiceKit = {
  fuzz,
  auth: async (_t, tenant) => ({ 'X-API-KEY': key[tenant] }),
  unauthenticated: 401,
  tenantKeyA: 'demo',
  seed: async (t, marker) => {
    const h = { 'X-API-KEY': key.a };
    const project = (await t.http.post('/mediapocket/api/v2/projects').set(h).send({ title: marker })).body.project;
    const asset = (await t.http.post(`/mediapocket/api/v2/projects/${project.id}/assets`).set(h).send({ title: marker, media_type: 'article' })).body.asset;
    const comment = (await t.http.post(`/mediapocket/api/v2/assets/${asset.id}/comments`).set(h).send({ comment: marker })).body.comment;
    const collection = (await t.http.post('/mediapocket/api/v2/collections').set(h).send({ title: marker })).body.collection;
    // History's first page is cursor 0.
    return { project_id: project.id, asset_id: asset.id, comment_id: String(comment.id), collection_id: collection.id, cursor: '0' };
  },
  paramsOf: (_tenant, seeded) => seeded,
  roundtrip: async (t, text) => {
    const h = { 'X-API-KEY': key.a };
    const asset = (await t.http.post('/mediapocket/api/v2/assets').set(h).send({ title: text })).body.asset;
    return (await t.http.get(`/mediapocket/api/v2/assets/${asset.id}`).set(h)).body.asset.title as string;
  },
  // The error bodies the real service sends for these statuses (its documentation's, not the mapper's).
  faultAnswers: {
    404: ['application/json; charset=utf-8', '{"error":"Not Found"}'],
    500: ['application/json; charset=utf-8', '{"error":"Internal Server Error"}'],
    503: ['application/json; charset=utf-8', '{"error":"Service Unavailable"}'],
  },
  realPath: '/mediapocket/api/v2/projects/SpringCampaign2026aa',
};
