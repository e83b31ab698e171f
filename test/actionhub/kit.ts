import type { TestApp } from '../helpers/app.js';
import type { ServiceKit } from '../helpers/kit.js';
import type { FuzzHints } from '../helpers/fuzz-hints.js';

const ADMIN = 'demo-actionhub-key';
const admin = (program: string) => ({ 'actionhub-key': ADMIN, 'program-id': program });

/** A key of a program of its own, made as the Shopify client makes one (POST /programs with the admin key). */
async function programKey(t: TestApp): Promise<Record<string, string>> {
  const r = await t.http.post('/actionhub/programs').set('actionhub-key', ADMIN).send({ program_name: 'kit program' });
  const { api_key, program_id } = r.body as { api_key: string; program_id: string };
  return { 'actionhub-key': api_key, 'program-id': program_id };
}

/** What the spec leaves to prose (test/reliability/fuzz.test.ts). */
const fuzz: FuzzHints = {
  // A program_id the fuzzer draws may already exist: 401, as the Python client expects.
  business: (op, status) => op.operationId === 'create_program' && status === 401,
};

// ActionHub's tenants are programs (the program-id header); the demo key is an admin key, valid for all.
export const kit: ServiceKit = {
  fuzz,
  auth: async (_t, tenant) => admin(`program-${tenant}`),
  unauthenticated: 403,
  tenantKeyA: 'program-a',
  // Every write adds records of its own (the soak counts each marker in the state): no PUT /program, which replaces.
  seed: async (t, marker) => {
    const a = admin('program-a');
    const user = `${marker}-user`;
    await t.http.post('/actionhub/assets').set(a).send({ assets: [{ asset_id: marker, asset_name: marker, labels: [marker] }] });
    await t.http.put('/actionhub/labels').set(a).send({ labels: [{ label: marker, weight: 1 }] });
    await t.http.post('/actionhub/events').set(a).send({ events: [{ user_id: user, event_timestamp: '2025-01-01T00:00:00Z', event_type: 'buy', asset_id: marker, labels: [marker] }] });
    return { user_id: user };
  },
  paramsOf: (_tenant, seeded) => seeded,
  roundtrip: async (t, text) => {
    const headers = admin('roundtrip');
    await t.http.post('/actionhub/assets').set(headers).send({ assets: [{ asset_id: 'rt', asset_name: text }] });
    return (await t.http.get('/actionhub/assets').set(headers)).body.items.find((a: { asset_id: string }) => a.asset_id === 'rt').asset_name as string;
  },
  // An admin key lists every program of the sandbox: its right, not a leak.
  spansTenants: (op) => op.method === 'get' && op.path === '/programs',
  // A program's own key may not create programs or reset one (System Administration, ADMIN role).
  forbidden: { headers: programKey, operations: (op) => (op.method === 'post' && op.path === '/programs') || (op.method === 'put' && op.path === '/program/reset') },
  // The error bodies the real service sends for these statuses (its documentation's, not the mapper's).
  faultAnswers: {
    404: ['application/json', '{"detail":"Not Found"}'],
    500: ['text/plain; charset=utf-8', 'Internal Server Error'],
    503: ['application/json', '{"detail":"Service Unavailable"}'],
  },
  realPath: '/actionhub/assets',
};
