import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';

let s: RunningStandin;
beforeAll(async () => {
  s = await serve({ services, logLevel: 'silent', servicePorts: { webflow: 0 } });
});
afterAll(async () => {
  await s.close();
});

describe('--service-port', () => {
  it('serves a service at the root of its own port, as the real host\'s paths, sharing state with the main port', async () => {
    const own = s.serviceUrls['webflow']!;
    expect(own).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { authorization: 'Bearer demo-token', 'content-type': 'application/json' };
    const folder = (await (await fetch(`${own}/v2/sites/580e63e98c9a982ac9b8b741/asset_folders`, { method: 'POST', headers, body: JSON.stringify({ displayName: 'On its own port' }) })).json()) as { id: string };
    const viaMain = await fetch(`${s.url}/webflow/v2/asset_folders/${folder.id}`, { headers });
    expect(viaMain.status).toBe(200);
    const upload = (await (await fetch(`${own}/v2/sites/580e63e98c9a982ac9b8b741/assets`, { method: 'POST', headers, body: JSON.stringify({ fileName: 'x.png', fileHash: '3c7d87c9575702bc3b1e991f4d3c638e' }) })).json()) as { uploadUrl: string };
    expect(upload.uploadUrl.startsWith(`${own}/__s3/`)).toBe(true);
  });

  it('does not serve the admin API there', async () => {
    const r = await fetch(`${s.serviceUrls['webflow']}/__admin/health`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { code: string }).code).toBe('resource_not_found');
  });
});

describe('discovery and docs', () => {
  it('GET /__admin/services lists each service with its base URLs, spec URL and demo credentials', async () => {
    const { services: listed } = (await (await fetch(`${s.url}/__admin/services`)).json()) as { services: { name: string; baseUrls: string[]; specUrl: string; demoCredentials: unknown[] }[] };
    expect(listed.map((x) => x.name)).toEqual(services.map((x) => x.name));
    const webflow = listed.find((x) => x.name === 'webflow')!;
    // Webflow's clients put /v2 in their base URL (the SDK's https://api.webflow.com/v2).
    expect(webflow.baseUrls).toEqual([`${s.url}/webflow/v2`, `${s.serviceUrls['webflow']}/v2`]);
    expect(webflow.specUrl).toBe(`${s.url}/__admin/specs/webflow`);
    expect(listed.every((x) => x.demoCredentials.length > 0)).toBe(true);
  });

  it('GET /__admin/specs/{service} serves the spec as JSON or YAML, with Standin as its server', async () => {
    for (const svc of [...services.map((x) => x.name), 'admin']) {
      const json = (await (await fetch(`${s.url}/__admin/specs/${svc}`)).json()) as { openapi: string; servers: { url: string }[] };
      expect(json.openapi).toBe('3.1.0');
      expect(json.servers[0]!.url).toBe(svc === 'admin' ? `${s.url}/__admin` : `${s.url}/${svc}`);
    }
    const yaml = await fetch(`${s.url}/__admin/specs/sensu`, { headers: { accept: 'application/yaml' } });
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0/);
    expect((await fetch(`${s.url}/__admin/specs/nope`)).status).toBe(404);
  });

  it('GET /__admin/docs is a Swagger UI page with every spec, its assets served locally (no CDN)', async () => {
    const html = await (await fetch(`${s.url}/__admin/docs`)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref.startsWith('/__admin/')).toBe(true);
      expect((await fetch(`${s.url}${ref}`)).status).toBe(200);
    }
    const init = await (await fetch(`${s.url}/__admin/docs/init.js`)).text();
    for (const svc of [...services.map((x) => x.name), 'admin']) expect(init).toContain(`/__admin/specs/${svc}`);
    expect(init).not.toMatch(/https?:\/\//);
  });
});
