import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from 'standin';
import type { paths } from 'standin/webflow';

const SITE = '580e63e98c9a982ac9b8b741';

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin();
});
afterAll(async () => {
  await standin.close();
});

describe("README's typed client: openapi-fetch typed by standin/webflow", () => {
  it('lists and creates against Standin with the base URL ending at the mount (the paths start with /v2)', async () => {
    const webflow = createClient<paths>({ baseUrl: `${standin.url}/webflow`, headers: { Authorization: 'Bearer demo-token' } });
    const listed = await webflow.GET('/v2/sites/{site_id}/assets', { params: { path: { site_id: SITE } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.assets.map((a) => a.siteId)).toEqual([SITE, SITE, SITE]);

    const made = await webflow.POST('/v2/sites/{site_id}/asset_folders', { params: { path: { site_id: SITE } }, body: { displayName: 'Typed' } });
    expect(made.response.status).toBe(200);
    expect(made.data?.displayName).toBe('Typed');

    const missing = await webflow.GET('/v2/assets/{asset_id}', { params: { path: { asset_id: '000000000000000000000000' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'resource_not_found' });
  });
});
