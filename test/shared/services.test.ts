import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { freshDatabase, pgCluster } from '../helpers/pg.js';

const SENSU_BASIC = `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`;
const SITE = '580e63e98c9a982ac9b8b741';
const MP = { 'x-api-key': 'demo-mediapocket-key', 'content-type': 'application/json' };

describe.skipIf(!pgCluster)('every service through two instances on one database', () => {
  let a: RunningStandin;
  let b: RunningStandin;
  beforeAll(async () => {
    const db = await freshDatabase();
    [a, b] = await Promise.all([0, 1].map(() => serve({ services, db, logLevel: 'silent', validateResponses: true, options: { 'webflow-no-rate-limit': true } })) as [Promise<RunningStandin>, Promise<RunningStandin>]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('Sensu: first logins on both at once share one signing key; a logout on one is seen by the other', async () => {
    // A new sandbox has no signing key: both instances make one at once, one wins, the other's request runs again.
    const sb = { 'x-standin-sandbox': 'sensu-race' };
    const logins = await Promise.all(Array.from({ length: 10 }, (_, n) => fetch(`${(n % 2 ? a : b).url}/sensu/auth`, { headers: { authorization: SENSU_BASIC, ...sb } })));
    expect(logins.map((r) => r.status)).toEqual(Array(10).fill(200));
    const tokens = (await Promise.all(logins.map((r) => r.json()))) as { access_token: string; refresh_token: string }[];
    const assets = '/sensu/api/core/v2/namespaces/default/assets';
    for (const t of tokens) {
      for (const inst of [a, b]) expect((await fetch(`${inst.url}${assets}`, { headers: { authorization: `Bearer ${t.access_token}`, ...sb } })).status).toBe(200);
    }
    const body = { url: 'https://example.com/x.tgz', sha512: 'a'.repeat(128), metadata: { name: 'shared-asset', namespace: 'default' } };
    const created = await fetch(`${a.url}${assets}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[0]!.access_token}`, 'content-type': 'application/json', ...sb }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const read = await fetch(`${b.url}${assets}/shared-asset`, { headers: { authorization: `Bearer ${tokens[0]!.access_token}`, ...sb } });
    expect(read.status).toBe(200);
    const t = tokens[1]!;
    const logout = await fetch(`${a.url}/sensu/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${t.access_token}`, 'content-type': 'application/json', ...sb }, body: JSON.stringify({ refresh_token: t.refresh_token }) });
    expect(logout.status).toBe(200);
    const after = await fetch(`${b.url}${assets}`, { headers: { authorization: `Bearer ${t.access_token}`, ...sb } });
    expect(after.status).toBe(401);
  });

  it('Mediapocket: a project made through one is read and updated through the other', async () => {
    const made = await fetch(`${a.url}/mediapocket/api/v2/projects`, { method: 'POST', headers: MP, body: JSON.stringify({ title: 'Shared' }) });
    expect(made.status).toBe(200);
    const { project } = (await made.json()) as { project: { id: string } };
    const put = await fetch(`${b.url}/mediapocket/api/v2/projects/${project.id}`, { method: 'PUT', headers: MP, body: JSON.stringify({ title: 'Renamed' }) });
    expect(put.status).toBe(200);
    const got = (await (await fetch(`${a.url}/mediapocket/api/v2/projects/${project.id}`, { headers: MP })).json()) as { project: { title: string } };
    expect(got.project.title).toBe('Renamed');
  });

  it('Webflow: bytes uploaded through one are served by the other', async () => {
    const bytes = Buffer.from('shared bytes \u0000\u0001');
    const md5 = createHash('md5').update(bytes).digest('hex');
    const step1 = await fetch(`${a.url}/webflow/v2/sites/${SITE}/assets`, { method: 'POST', headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' }, body: JSON.stringify({ fileName: 'shared.png', fileHash: md5 }) });
    expect(step1.status).toBe(200);
    const up = (await step1.json()) as { id: string; uploadUrl: string; hostedUrl: string; uploadDetails: Record<string, string> };
    const form = new FormData();
    for (const [k, v] of Object.entries(up.uploadDetails)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: up.uploadDetails['content-type'] }), 'shared.png');
    const step2 = await fetch(`${b.url}${new URL(up.uploadUrl).pathname}`, { method: 'POST', body: form });
    expect(step2.status).toBe(201);
    const served = await fetch(`${a.url}${new URL(up.hostedUrl).pathname}`);
    expect(served.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), bytes)).toBe(0);
  });

  it('admin: a reset through one resets what both see', async () => {
    const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'reset-me', 'content-type': 'application/json' };
    await fetch(`${a.url}/actionhub/assets`, { method: 'POST', headers: AH, body: JSON.stringify({ assets: [{ asset_id: 'gone' }] }) });
    expect(((await (await fetch(`${b.url}/actionhub/assets`, { headers: AH })).json()) as { total: number }).total).toBe(1);
    expect((await fetch(`${b.url}/__admin/reset`, { method: 'POST' })).status).toBeLessThan(300);
    expect(((await (await fetch(`${a.url}/actionhub/assets`, { headers: AH })).json()) as { total: number }).total).toBe(0);
  });
});
