import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, serve } from '../../../src/core/boot/standin.js';
import { defineService, type AnyService } from '../../../src/core/service/module.js';
import { services } from '../../../src/services.js';
import { testApp, tmpDir, type TestApp } from '../../helpers/app.js';
import { kitFor } from '../../helpers/kit.js';
import { testServices, underLoadOptions } from '../../helpers/registry.js';

type Snapshot = { services: Record<string, { shared?: Record<string, Record<string, Record<string, unknown>>>; tenants?: Record<string, Record<string, Record<string, Record<string, unknown>>>> }> };

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ services: testServices, options: underLoadOptions() });
});
afterAll(async () => {
  await t.close();
});

const state = async (service?: string): Promise<Snapshot> => (await t.http.get(`/__admin/state${service ? `?service=${service}` : ''}`)).body as Snapshot;

const SITE = '580e63e98c9a982ac9b8b741';

/** Per real service: one field of one shipped record broken, and the error that names it (about their own schemas). */
const broken: [string, (s: Snapshot['services'][string]) => void, string][] = [
  [
    'actionhub',
    (s) => void (s.tenants!['demo-program']!['labels']!['running']!['weight'] = 'heavy'),
    "service 'actionhub', tenant 'demo-program', collection 'labels', record 'running': weight must be number,null",
  ],
  [
    'mediapocket',
    (s) => void delete s.shared!['users']!['101']!['account'],
    "service 'mediapocket', shared collection 'users', record '101': lacks required 'account'",
  ],
  [
    'sensu',
    (s) => void (s.tenants!['default']!['assets']!['sensu-slack-handler'] = { zzz: 1 }),
    "service 'sensu', tenant 'default', collection 'assets', record 'sensu-slack-handler': lacks required 'filters', 'metadata', 'headers', 'url', 'sha512'; has unknown key 'zzz'",
  ],
  [
    'webflow',
    (s) => void (s.tenants![SITE]!['assets']!['64358b9544249dc43d37d2b7']!['createdOn'] = 'last week'),
    `service 'webflow', tenant '${SITE}', collection 'assets', record '64358b9544249dc43d37d2b7': createdOn must match format "date-time"`,
  ],
];

describe('snapshot records are checked against their service\'s state schemas', () => {
  it.each(broken)('%s: a snapshot with one bad record is refused, naming it, and nothing changes', async (name, breakIt, message) => {
    await t.http.post('/__admin/reset');
    const before = await state();
    const snapshot = structuredClone(before);
    breakIt(snapshot.services[name]!);
    // The other services in the same snapshot are good; none of them is imported either.
    const r = await t.http.put('/__admin/state').send({ services: { ...snapshot.services, [name]: snapshot.services[name] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 'bad_snapshot', message } });
    expect(await state()).toEqual(before);
  });

  it.each(testServices.map((s) => [s.name]))('%s: an unknown collection is refused, shared or per tenant', async (name) => {
    const before = await state();
    const tenant = await t.http.put('/__admin/state').send({ services: { [name]: { tenants: { 'some-tenant': { widgets: { w1: { size: 1 } } } } } } });
    expect(tenant.status).toBe(400);
    expect(tenant.body.error.code).toBe('bad_snapshot');
    expect(tenant.body.error.message).toMatch(new RegExp(`^service '${name}', tenant 'some-tenant', collection 'widgets': unknown collection \\(tenant collections: [a-z_, ]+\\)$`));
    const shared = await t.http.put('/__admin/state').send({ services: { [name]: { shared: { gadgets: {} } } } });
    expect(shared.status).toBe(400);
    expect(shared.body.error.message).toMatch(new RegExp(`^service '${name}', shared collection 'gadgets': unknown collection \\(shared collections: [a-z_, ]+\\)$`));
    expect(await state()).toEqual(before);
  });
});

/** Per real service: a key its records do not have, at the top of a shipped record or inside it, and how the refusal names it. */
const strays: [string, (s: Snapshot['services'][string]) => void, string][] = [
  ['actionhub', (s) => void (s.tenants!['demo-program']!['labels']!['running']!['colour'] = 'red'), "tenant 'demo-program', collection 'labels', record 'running': has unknown key 'colour'"],
  ['mediapocket', (s) => void (s.shared!['users']!['101']!['nickname'] = 'x'), "shared collection 'users', record '101': has unknown key 'nickname'"],
  ['sensu', (s) => void ((s.tenants!['default']!['assets']!['sensu-slack-handler']!['metadata'] as Record<string, unknown>)['owner'] = 'x'), "tenant 'default', collection 'assets', record 'sensu-slack-handler': metadata has unknown key 'owner'"],
  ['webflow', (s) => void (s.tenants![SITE]!['assets']!['64358b9544249dc43d37d2b7']!['hostedUrl'] = 'x'), `tenant '${SITE}', collection 'assets', record '64358b9544249dc43d37d2b7': has unknown key 'hostedUrl'`],
];

describe('a key a service does not keep is refused anywhere in its state', () => {
  it.each(strays)('%s: an unknown key in a record is refused, naming it, and nothing changes', async (name, addKey, where) => {
    await t.http.post('/__admin/reset');
    const before = await state();
    const snapshot = structuredClone(before);
    addKey(snapshot.services[name]!);
    const r = await t.http.put('/__admin/state').send({ services: { [name]: snapshot.services[name] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 'bad_snapshot', message: `service '${name}', ${where}` } });
    expect(await state()).toEqual(before);
  });
});

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** Writes beyond what each kit seeds: the records only some operations make (the fake's kit seeds them all). */
const extraTraffic: Record<string, (t: TestApp) => Promise<void>> = {
  actionhub: async (t) => {
    // NaN is stored as a null weight.
    const r = await t.http.put('/actionhub/labels').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p-rt', 'content-type': 'application/json' })
      .serialize((x: unknown) => x as string).send('{"labels":[{"label":"nan","weight":NaN},{"label":"one","weight":1}]}');
    expect(r.status).toBe(200);
    expect((await t.http.post('/actionhub/assets').set({ 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p-rt' }).send({ assets: [{ asset_id: 'x', labels: [1, { a: [null] }] }] })).status).toBe(200);
  },
  mediapocket: async (t) => {
    const mp = (method: 'post' | 'put', path: string) => t.http[method](`/mediapocket/api/v2${path}`).set('X-API-KEY', 'demo-mediapocket-key');
    const project = (await mp('post', '/projects').send({ title: 'Round trip', tags: ['A'] })).body.project;
    const asset = (await mp('post', '/assets').send({ title: 'An article', media_type: 'article' })).body.asset;
    expect((await mp('post', `/assets/${asset.id}/comments`).send({ comment: 'a comment' })).status).toBe(200);
    expect((await mp('post', `/projects/${project.id}/comments`).send({ comment: 'on a project' })).status).toBe(200);
    expect((await mp('post', `/assets/${asset.id}/media`).send({ file_url: 'http://www.example.com/a.jpg', filename: 'a.jpg' })).status).toBe(200);
    expect((await mp('post', '/collections/SpringLaunchPicks01x/assets').send({ asset_id: asset.id })).status).toBe(200);
  },
  sensu: async (t) => {
    // A login (the access list and the signing key), a namespace, an asset with every optional part.
    const auth = `Bearer ${JSON.parse((await t.http.get('/sensu/auth').set('authorization', `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`)).text).access_token}`;
    expect((await t.http.post('/__admin/sensu/namespaces').send({ name: 'staging' })).status).toBe(201);
    const full = { url: 'https://example.com/x.tgz', sha512: 'a'.repeat(128), filters: ['true'], headers: { A: 'b' }, metadata: { name: 'full', namespace: 'staging', labels: { l: 'v' }, annotations: { a: 'v' } } };
    expect((await t.http.put('/sensu/api/core/v2/namespaces/staging/assets/full').set('authorization', auth).send(full)).status).toBe(201);
  },
  webflow: async (t) => {
    // Both upload steps: the signing secret, and bytes kept as an upload.
    const bytes = Buffer.from('uploaded bytes');
    const up = (await t.http.post(`/webflow/v2/sites/${SITE}/assets`).set('authorization', 'Bearer demo-token').send({ fileName: 'up.png', fileHash: md5(bytes) })).body as { uploadUrl: string; uploadDetails: Record<string, string> };
    let r = t.http.post(new URL(up.uploadUrl).pathname);
    for (const [k, v] of Object.entries(up.uploadDetails)) r = r.field(k === 'Policy' ? 'policy' : k, v);
    expect((await r.attach('file', bytes, { filename: 'up.png', contentType: 'image/png' })).status).toBe(201);
  },
};

describe('a round trip of the state after real traffic', () => {
  it.each(testServices.map((s) => [s.name]))('%s: what the service wrote exports, imports back and still serves', async (name) => {
    const kit = await kitFor(name);
    await kit.auth(t, 'a');
    await kit.seed(t, 'rt-marker');
    expect(await kit.roundtrip(t, 'text \u00e9 "<&>"')).toBe('text \u00e9 "<&>"');
    await extraTraffic[name]?.(t);
    const exported = await state(name);
    expect(JSON.stringify(exported)).toContain('rt-marker');
    await t.http.post(`/__admin/reset?service=${name}`);
    expect(JSON.stringify(await state(name))).not.toContain('rt-marker');
    const r = await t.http.put('/__admin/state').send(exported);
    expect(r.status, r.text).toBe(200);
    expect(await state(name)).toEqual(exported);
    expect(await kit.roundtrip(t, 'after the import')).toBe('after the import');
  });
});

describe('fixtures and --state files get the same check', () => {
  it('every service declares schemas, and its shipped fixtures pass them', () => {
    for (const s of t.rt.services) {
      expect(s.stateSchemas, s.module.name).toBeDefined();
      expect(s.stateSchemas!.problem(t.rt.fixtures.get(s.module.name) ?? {}), s.module.name).toBeUndefined();
    }
  });

  it('a fixture with a bad record stops startup, naming the folder and the record', async () => {
    const { dir, cleanup } = await tmpDir();
    await mkdir(join(dir, 'sensu'));
    await writeFile(join(dir, 'sensu', 'users.json'), JSON.stringify({ shared: { users: { admin: { password: 'x', groups: 'cluster-admins' } } } }));
    await expect(createRuntime({ services, logLevel: 'silent', fixtures: dir })).rejects.toThrow(
      `fixtures ${join(dir, 'sensu')}: service 'sensu', shared collection 'users', record 'admin': groups must be array`,
    );
    await cleanup();
  });

  it('a --state file with a bad record stops startup', async () => {
    const { dir, cleanup } = await tmpDir();
    const file = join(dir, 'snap.json');
    await writeFile(file, JSON.stringify({ services: { webflow: { shared: { tokens: { t: { scopes: ['assets:read'] } } } } } }));
    await expect(serve({ services, logLevel: 'silent', stateFile: file })).rejects.toThrow(`--state ${file}: service 'webflow', shared collection 'tokens', record 't': lacks required 'site_ids'`);
    await cleanup();
  });
});

describe('a service without state schemas', () => {
  // ActionHub's module under another name, without its declaration: only the shape is checked, as before.
  const actionhub = services.find((s) => s.name === 'actionhub')!;
  const plain: AnyService = defineService({ ...actionhub, name: 'plain', stateSchemas: undefined });
  let p: TestApp;
  beforeAll(async () => {
    p = await testApp({ services: [...services, plain] });
  });
  afterAll(async () => {
    await p.close();
  });

  it('imports any JSON-object records, in any collection, and still refuses a record that is not an object', async () => {
    const loose = { shared: {}, tenants: { t: { anything: { a: { zzz: 1 } } } } };
    expect((await p.http.put('/__admin/state').send({ services: { plain: loose } })).status).toBe(200);
    expect((await p.http.get('/__admin/state?service=plain')).body.services.plain).toEqual(loose);
    const r = await p.http.put('/__admin/state').send({ services: { plain: { tenants: { t: { anything: { a: 7 } } } } } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_snapshot');
  });
});
