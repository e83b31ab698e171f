import { describe, expect, it } from 'vitest';
import { testApp } from '../../helpers/app.js';
import { serve } from '../../../src/core/standin.js';
import { services } from '../../../src/services.js';

describe('--admin-token', () => {
  it('requires the bearer token on /__admin, but not on health, docs and specs', async () => {
    const t = await testApp({ adminToken: 's3cret' });
    expect((await t.http.get('/__admin/health')).status).toBe(200);
    expect((await t.http.get('/__admin/docs')).status).toBe(200);
    expect((await t.http.get('/__admin/specs/actionhub')).status).toBe(200);
    const denied = await t.http.get('/__admin/requests');
    expect(denied.status).toBe(401);
    expect(denied.body.error.code).toBe('unauthorized');
    expect((await t.http.get('/__admin/requests').set('authorization', 'Bearer wrong')).status).toBe(401);
    expect((await t.http.get('/__admin/requests').set('authorization', 'Bearer s3cret')).status).toBe(200);
    // The services themselves never need it.
    expect((await t.http.get('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'x')).status).toBe(200);
    await t.close();
  });

  it('is not made up on loopback', async () => {
    const s = await serve({ services, logLevel: 'silent', host: '127.0.0.1' });
    expect(s.adminToken).toBeUndefined();
    expect(s.generatedAdminToken).toBe(false);
    await s.close();
  });
});
