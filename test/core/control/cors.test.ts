import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from 'standin';

const SITE = '580e63e98c9a982ac9b8b741';
const ORIGIN = 'http://localhost:5173';

let withCors: Standin;
let without: Standin;
beforeAll(async () => {
  [withCors, without] = await Promise.all([startStandin({ cors: true, servicePorts: { webflow: 0 } }), startStandin()]);
});
afterAll(async () => {
  await Promise.all([withCors.close(), without.close()]);
});

const preflight = (url: string, method: string, headers = 'authorization, content-type') =>
  fetch(url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers } });

describe('--cors', () => {
  it.each([
    ['a service', `/webflow/v2/sites/${SITE}/assets`, 'POST'],
    ['another service', '/sensu/api/core/v2/namespaces/default/assets/x', 'PUT'],
    ['the admin API', '/__admin/faults', 'POST'],
    ['a path no service serves', '/nowhere', 'DELETE'],
  ])('answers a preflight to %s with the method and headers asked for', async (_what, path, method) => {
    const r = await preflight(`${withCors.url}${path}`, method);
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toBe(method);
    expect(r.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(await r.text()).toBe('');
    // A preflight is the browser's, not the client's: it is not journaled.
    expect(withCors.requests({ method: 'OPTIONS' })).toEqual([]);
  });

  it("adds Access-Control-Allow-Origin and exposes the headers clients read to every answer (errors too), on a service's own port as well", async () => {
    const ok = await fetch(`${withCors.url}/webflow/v2/sites/${SITE}/assets`, { headers: { origin: ORIGIN, authorization: 'Bearer demo-token' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = ok.headers.get('access-control-expose-headers')!.split(', ');
    for (const h of ['*', 'X-RateLimit-Remaining', 'X-RateLimit-Limit', 'Retry-After', 'Location', 'Sensu-Continue']) expect(exposed).toContain(h);
    const denied = await fetch(`${withCors.url}/sensu/api/core/v2/assets`, { headers: { origin: ORIGIN } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
    const admin = await fetch(`${withCors.url}/__admin/health`, { headers: { origin: ORIGIN } });
    expect(admin.headers.get('access-control-allow-origin')).toBe('*');
    // With --cors, a page of another origin may use the admin API (without it: 403 forbidden_origin, below).
    const cleared = await fetch(`${withCors.url}/__admin/requests`, { method: 'DELETE', headers: { origin: ORIGIN } });
    expect(cleared.status).toBe(200);
    const own = await fetch(`${withCors.serviceUrls['webflow']}/v2/sites/${SITE}/asset_folders`, { headers: { origin: ORIGIN, authorization: 'Bearer demo-token' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe('*');
    expect((await preflight(`${withCors.serviceUrls['webflow']}/v2/sites/${SITE}/assets`, 'POST')).status).toBe(204);
  });

  it('without it (the default) no CORS header is sent and a preflight gets what the service answers an OPTIONS', async () => {
    const ok = await fetch(`${without.url}/webflow/v2/sites/${SITE}/assets`, { headers: { origin: ORIGIN, authorization: 'Bearer demo-token' } });
    expect(ok.status).toBe(200);
    const admin = await fetch(`${without.url}/__admin/health`, { headers: { origin: ORIGIN } });
    const refused = await fetch(`${without.url}/__admin/requests`, { method: 'DELETE', headers: { origin: ORIGIN } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden_origin');
    const pre = await preflight(`${without.url}/webflow/v2/sites/${SITE}/assets`, 'POST');
    expect(pre.status).not.toBe(204);
    for (const r of [ok, admin, pre]) {
      expect([...r.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(without.requests({ method: 'OPTIONS' })).toHaveLength(1);
  });
});
