import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

it('checks each service against its own spec where operationIds repeat (get_asset)', async () => {
  const mp = await t.http.get('/mediapocket/api/v2/assets/HeroImageForCampaign').set('X-API-KEY', 'demo-mediapocket-key');
  expect(mp.status).toBe(200);
  const login = await t.http.get('/sensu/auth').set('authorization', `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`);
  const sensu = await t.http.get('/sensu/api/core/v2/namespaces/default/assets/sensu-slack-handler').set('authorization', `Bearer ${JSON.parse(login.text).access_token}`);
  expect(sensu.status, sensu.text).toBe(200);
});
