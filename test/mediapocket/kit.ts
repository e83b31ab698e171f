import type { ServiceKit } from '../helpers/kit.js';

const key = { a: 'demo-mediapocket-key', b: 'other-mediapocket-key' };

export const kit: ServiceKit = {
  auth: async (_t, tenant) => ({ 'X-API-KEY': key[tenant] }),
  unauthenticated: 401,
  tenantKeyA: 'demo',
  seed: async (t, marker) => {
    const h = { 'X-API-KEY': key.a };
    const project = (await t.http.post('/mediapocket/api/v2/projects').set(h).send({ title: marker })).body.project;
    const asset = (await t.http.post(`/mediapocket/api/v2/projects/${project.id}/assets`).set(h).send({ title: marker, media_type: 'article' })).body.asset;
    const comment = (await t.http.post(`/mediapocket/api/v2/assets/${asset.id}/comments`).set(h).send({ comment: marker })).body.comment;
    const collection = (await t.http.post('/mediapocket/api/v2/collections').set(h).send({ title: marker })).body.collection;
    return { project_id: project.id, asset_id: asset.id, comment_id: String(comment.id), collection_id: collection.id };
  },
  paramsOf: (_tenant, seeded) => seeded,
  roundtrip: async (t, text) => {
    const h = { 'X-API-KEY': key.a };
    const asset = (await t.http.post('/mediapocket/api/v2/assets').set(h).send({ title: text })).body.asset;
    return (await t.http.get(`/mediapocket/api/v2/assets/${asset.id}`).set(h)).body.asset.title as string;
  },
};
