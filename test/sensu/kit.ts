import type { TestApp } from '../helpers/app.js';
import type { ServiceKit } from '../helpers/kit.js';

const basic = (user: string) => `Basic ${Buffer.from(`${user}:P@ssw0rd!`).toString('base64')}`;

async function token(t: TestApp, user = 'admin'): Promise<string> {
  return (JSON.parse((await t.http.get('/sensu/auth').set('authorization', basic(user))).text) as { access_token: string }).access_token;
}

const asset = (name: string, namespace: string) => ({ url: 'https://example.com/a.tgz', sha512: 'a'.repeat(128), metadata: { name, namespace } });

// Sensu's tenants are namespaces: tenant a is `default`, tenant b is `production` (one cluster-wide admin).
export const kit: ServiceKit = {
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
  // The seeded admin is a cluster admin: listing every namespace is its right, not a leak.
  spansTenants: (op) => op.path === '/api/core/v2/assets',
  forbidden: { headers: async (t) => ({ authorization: `Bearer ${await token(t, 'agent')}` }), operations: (op) => op.path.startsWith('/api/') },
};
