import type { ServiceKit } from '../helpers/kit.js';

export const kit: ServiceKit = {
  auth: async (_t, tenant) => ({ 'actionhub-key': 'demo-actionhub-key', 'program-id': `program-${tenant}` }),
  unauthenticated: 403,
  tenantKeyA: 'program-a',
  seed: async (t, marker) => {
    await t.http.post('/actionhub/assets').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'program-a' }).send({ assets: [{ asset_id: marker, asset_name: marker }] });
    await t.http.put('/actionhub/labels').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'program-a' }).send({ labels: [{ label: marker, weight: 1 }] });
    return {};
  },
  paramsOf: () => ({}),
  roundtrip: async (t, text) => {
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'roundtrip' };
    await t.http.post('/actionhub/assets').set(headers).send({ assets: [{ asset_id: 'rt', asset_name: text }] });
    return (await t.http.get('/actionhub/assets').set(headers)).body.items.find((a: { asset_id: string }) => a.asset_id === 'rt').asset_name as string;
  },
  // The error bodies the real service sends for these statuses (its documentation's, not the mapper's).
  faultAnswers: {
    404: ['application/json', '{"detail":"Not Found"}'],
    500: ['text/plain; charset=utf-8', 'Internal Server Error'],
    503: ['application/json', '{"detail":"Service Unavailable"}'],
  },
  realPath: '/actionhub/assets',
};
