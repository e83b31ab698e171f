import type autocannon from 'autocannon';

export const ACTIONHUB_HEADERS = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'bench', 'content-type': 'application/json' };

/** The body of the `next`-th W1 request of a load: 8 upserts from a pool of 1,000 ids, 2 new ids. */
export function w1Body(next: number, tag: string | number): string {
  const assets = [];
  for (let i = 0; i < 8; i++) assets.push({ asset_id: `pool-${(next * 7 + i * 131) % 1000}`, asset_name: 'Pooled asset', labels: ['a', 'b'] });
  for (let i = 0; i < 2; i++) assets.push({ asset_id: `new-${tag}-${next}-${i}`, asset_name: 'New asset', labels: ['c'] });
  return JSON.stringify({ assets });
}

/**
 * W1: POST /actionhub/assets with 10 assets; 8 upsert ids from a fixed pool of 1,000 and 2 are new,
 * so every request writes and the store keeps growing. `path` is for servers that serve ActionHub
 * elsewhere (Prism serves the spec's `/assets`).
 */
export function w1Request(path = '/actionhub/assets'): Partial<autocannon.Options> {
  let next = 0;
  const pid = process.pid;
  return {
    method: 'POST',
    headers: ACTIONHUB_HEADERS,
    requests: [{ method: 'POST', path, setupRequest: (req) => ({ ...req, body: w1Body(next++, pid) }) }],
  };
}

/** Puts `n` assets into program `bench`, 1,000 per request. */
export async function seedAssets(url: string, n: number): Promise<void> {
  for (let start = 0; start < n; start += 1000) {
    const assets = Array.from({ length: Math.min(1000, n - start) }, (_, i) => ({ asset_id: `seed-${start + i}`, asset_name: `Seeded asset ${start + i}`, labels: ['seeded'] }));
    const r = await fetch(`${url}/actionhub/assets`, { method: 'POST', headers: ACTIONHUB_HEADERS, body: JSON.stringify({ assets }) });
    if (r.status !== 200) throw new Error(`seeding failed: ${r.status} ${await r.text()}`);
  }
}

/** W2 needs the Sensu service: a page of 50 assets with a valid token. Undefined when Sensu is not registered. */
export async function prepareW2(url: string): Promise<{ path: string; headers: Record<string, string> } | undefined> {
  const login = await fetch(`${url}/sensu/auth`, { headers: { authorization: `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}` } });
  if (login.status !== 200) return undefined;
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sha512 = 'a'.repeat(128);
  for (let i = 0; i < 120; i++) {
    const name = `bench-asset-${String(i).padStart(3, '0')}`;
    const r = await fetch(`${url}/sensu/api/core/v2/namespaces/default/assets/${name}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ url: `https://example.com/${name}.tar.gz`, sha512, metadata: { name, namespace: 'default' } }),
    });
    if (r.status >= 300) throw new Error(`W2 setup failed: ${r.status} ${await r.text()}`);
  }
  return { path: '/sensu/api/core/v2/namespaces/default/assets?limit=50', headers: { authorization: `Bearer ${token}` } };
}

/**
 * W5: a validated GET on a mounted document (`--spec petstore=…`, the classic Petstore 3.0 from
 * @readme/oas-examples): a required array query parameter and an OAuth2 bearer checked, the documented
 * example answered. The same request goes to Prism mocking the same document.
 */
export const W5_DOC = 'node_modules/@readme/oas-examples/3.0/json/petstore.json';
export const W5_PATH = '/pet/findByStatus?status=available';
export function w5Request(): Partial<autocannon.Options> {
  return { method: 'GET', headers: { authorization: 'Bearer bench', accept: 'application/json' } };
}
