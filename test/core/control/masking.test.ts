import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const count = async (m: object, sandbox = 'default') => {
  const r = await t.http.post(`/__admin/requests/count?sandbox=${sandbox}`).send(m);
  expect(r.status).toBe(200);
  return r.body.count as number;
};

describe('a masked value matches only exactly', () => {
  it('no prefix glob reads back a masked X-API-KEY (the masking oracle), while the exact key and the mask still match', async () => {
    const sandbox = 'oracle';
    await t.http.get('/mediapocket/api/v2/assets/x').set('X-Standin-Sandbox', sandbox).set('X-API-KEY', 'demo-mediapocket-key');
    // An attacker's first step: which character does it start with? Every guess must say "no".
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) expect(await count({ headers: { 'x-api-key': `${c}*` } }, sandbox), c).toBe(0);
    for (const guess of ['demo-*', 'demo-mediapocket-ke?', 'demo-mediapocket-key*', '*key', '**-key', '?*', '*', '**']) {
      expect(await count({ headers: { 'x-api-key': guess } }, sandbox), guess).toBe(0);
      expect((await t.http.post(`/__admin/requests/find?sandbox=${sandbox}`).send({ headers: { 'x-api-key': guess } })).body.requests, guess).toEqual([]);
    }
    // The exact value (compared by keyed digest) and the value as shown both match.
    expect(await count({ headers: { 'x-api-key': 'demo-mediapocket-key' } }, sandbox)).toBe(1);
    expect(await count({ headers: { 'X-API-KEY': 'demo-mediapocket-key' } }, sandbox)).toBe(1);
    expect(await count({ headers: { 'x-api-key': '***' } }, sandbox)).toBe(1);
    expect(await count({ headers: { 'x-api-key': 'demo-mediapocket-key ' } }, sandbox)).toBe(0);
  });

  it('the same for an Authorization (its scheme shown) and a secret query parameter, repeated or not', async () => {
    const sandbox = 'oracle-2';
    await t.http.get('/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets?key=k-one&key=k-two&page=1').set('X-Standin-Sandbox', sandbox).set('authorization', 'Bearer demo-token');
    expect(await count({ headers: { authorization: 'Bearer d*' } }, sandbox)).toBe(0);
    expect(await count({ headers: { authorization: 'Bearer demo-token' } }, sandbox)).toBe(1);
    expect(await count({ headers: { authorization: 'Bearer ***' } }, sandbox)).toBe(1);
    expect(await count({ query: { key: 'k*' } }, sandbox)).toBe(0);
    expect(await count({ query: { key: 'k-?wo' } }, sandbox)).toBe(0);
    expect(await count({ query: { key: 'k-two' } }, sandbox)).toBe(1);
    expect(await count({ query: { key: '***' } }, sandbox)).toBe(1);
    // What is not a secret still globs as sent.
    expect(await count({ query: { page: '?' } }, sandbox)).toBe(1);
  });
});

describe('what is masked: names containing key, token, secret, password, auth, session, signature, credential (any case), and sig', () => {
  it('in headers, query parameters and JSON bodies at any depth, whatever the value\'s type', async () => {
    await t.http.delete('/__admin/requests');
    const secret = (n: number) => `hush-${n}`;
    await t.http
      .post(`/actionhub/assets?key=${secret(1)}&sig=${secret(2)}&X_Session=${secret(3)}&src=kept`)
      .set('actionhub-key', 'demo-actionhub-key')
      .set('program-id', 'mask')
      .set('x-auth', secret(4))
      .set('x-session-id', secret(5))
      .set('x-access-key', secret(6))
      .set('X-Client-Credential', secret(7))
      .set('x-request-sig', secret(8))
      .send({
        assets: [{ asset_id: 'm1', asset_name: 'visible', labels: ['kept'] }],
        key: secret(9),
        authorization: secret(10),
        private_key: secret(11),
        token: [secret(12), secret(13)],
        secret: { inner: secret(14), deeper: { n: 15 } },
        nested: [{ PrivateKey: 16016 }, { clientCredentials: true, userPassword: secret(17) }, { sessionId: secret(18), urlSig: secret(19), Signature: secret(20) }],
        refresh_token: null,
      });
    const [e] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(JSON.stringify(e)).not.toMatch(/hush|16016/);
    expect(e.query).toEqual({ key: '***', sig: '***', X_Session: '***', src: 'kept' });
    expect(e.headers).toMatchObject({ 'x-auth': '***', 'x-session-id': '***', 'x-access-key': '***', 'x-client-credential': '***', 'x-request-sig': '***', 'program-id': 'mask' });
    expect(e.body).toMatchObject({
      assets: [{ asset_id: 'm1', asset_name: 'visible', labels: ['kept'] }],
      key: '***',
      authorization: '***',
      private_key: '***',
      token: '***',
      secret: '***',
      nested: [{ PrivateKey: '***' }, { clientCredentials: '***', userPassword: '***' }, { sessionId: '***', urlSig: '***', Signature: '***' }],
      // Nothing to hide in a null.
      refresh_token: null,
    });
  });

  it('in form bodies, bracketed names included, and in a JSON body cut at the journal\'s 8 KiB', async () => {
    await t.http.post('/mediapocket/api/v2/projects').set('X-API-KEY', 'demo-mediapocket-key').type('form').send('title=visible&user%5Bpassword%5D=hush-a&api_key=hush-b&sig=hush-c');
    const [form] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(form.body).toBe('title=visible&user%5Bpassword%5D=***&api_key=***&sig=***');

    const big = `{"token":["hush-1",{"a":"hush-2"}],"count":3,"session":{"id":"hush-3","n":[1,2]},"pin_code":"kept","filler":"${'x'.repeat(9000)}","apiKey":"hush-4"}`;
    await t.http.post('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'mask').set('content-type', 'application/json').send(big);
    const [cut] = (await t.http.get('/__admin/requests?limit=1')).body.requests;
    expect(cut.truncated).toBe(true);
    expect(cut.body).not.toContain('hush');
    expect(cut.body.startsWith('{"token":"***","count":3,"session":"***","pin_code":"kept","filler":"xxx')).toBe(true);
  });

  it('in response bodies too (Sensu\'s tokens)', async () => {
    const login = await t.http.get('/sensu/auth').set('authorization', `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`);
    const [e] = (await t.http.get('/__admin/requests?service=sensu&limit=1')).body.requests;
    expect(e.response.body).toMatchObject({ access_token: '***', refresh_token: '***', expires_at: login.body.expires_at });
  });
});
