import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ASSETS, login } from './helpers.js';

let t: TestApp;
let auth: string;
beforeAll(async () => {
  t = await testApp();
  auth = `Bearer ${(await login(t)).access_token}`;
});
afterAll(async () => {
  await t.close();
});

const page = async (path: string) => {
  const r = await t.http.get(path).set('authorization', auth);
  expect(r.status).toBe(200);
  return { names: (JSON.parse(r.text) as { metadata: { name: string; namespace: string } }[]).map((a) => a.metadata.name), next: r.headers['sensu-continue'] as string | undefined };
};
const token = (key: string) => Buffer.from(`${key}\0`).toString('base64url');

// Sensu 5.11's list paging: limit, and the continue token in Sensu-Continue (5.11.0 backend/apid/actions/lister.go).
describe('pagination with limit and continue', () => {
  it('walks every asset exactly once, in name order, with Sensu-Continue only while more remain', async () => {
    const whole = await page(`${ASSETS}/production/assets`);
    const all = whole.names;
    expect(all).toHaveLength(25);
    expect(whole.next).toBeUndefined(); // no limit: everything, no token
    expect([...all].sort()).toEqual(all);
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const p = await page(`${ASSETS}/production/assets?limit=10${next ? `&continue=${next}` : ''}`);
      seen.push(...p.names);
      if (p.next) expect(p.next).toBe(token(p.names[p.names.length - 1]!));
      next = p.next;
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('sends no header when exactly limit items are left', async () => {
    const p = await page(`${ASSETS}/production/assets?limit=25`);
    expect(p.names).toHaveLength(25);
    expect(p.next).toBeUndefined();
  });

  it.each(['0', 'abc', '2.5', '', '-3'])('limit=%s means everything', async (limit) => {
    const p = await page(`${ASSETS}/production/assets?limit=${limit}`);
    expect(p.names).toHaveLength(25);
    expect(p.next).toBeUndefined();
  });

  it('parses +2 as 2 (strconv.Atoi)', async () => {
    expect((await page(`${ASSETS}/production/assets?limit=%2B2`)).names).toHaveLength(2);
  });

  it('starts again at page one for a token that does not decode', async () => {
    const first = (await page(`${ASSETS}/production/assets?limit=3`)).names;
    for (const bad of ['YgA=', '***', 'a']) expect((await page(`${ASSETS}/production/assets?limit=3&continue=${bad}`)).names).toEqual(first);
  });

  it('starts AT the named item for a hand-made token without the trailing NUL', async () => {
    const p = await page(`${ASSETS}/production/assets?limit=2&continue=${Buffer.from('sensu-plugins-dns').toString('base64url')}`);
    expect(p.names[0]).toBe('sensu-plugins-dns');
  });

  it('pages across namespaces with <namespace>/<name> tokens', async () => {
    const first = await page('/sensu/api/core/v2/assets?limit=2');
    expect(first.names).toEqual(['sensu-influxdb-handler', 'sensu-slack-handler']);
    expect(first.next).toBe(token('default/sensu-slack-handler'));
    const second = await page(`/sensu/api/core/v2/assets?limit=2&continue=${first.next}`);
    const production = (await page(`${ASSETS}/production/assets?limit=2`)).names;
    expect(second.names).toEqual(production);
  });
});
