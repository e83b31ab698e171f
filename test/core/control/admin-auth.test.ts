import { describe, expect, it } from 'vitest';
import { testApp } from '../../helpers/app.js';
import { serve } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';
import { startStandin } from '../../../src/index.js';
import { runCli } from '../../helpers/process.js';

describe('--admin-token', () => {
  it('requires the bearer token on every /__admin call but health', async () => {
    const t = await testApp({ adminToken: 's3cret' });
    expect((await t.http.get('/__admin/health')).status).toBe(200);
    for (const path of ['/__admin/requests', '/__admin/services', '/__admin/docs', '/__admin/docs/init.js', '/__admin/specs/actionhub', '/__admin/state']) {
      const denied = await t.http.get(path);
      expect(denied.status, path).toBe(401);
      expect(denied.body.error.code).toBe('unauthorized');
      expect(denied.headers['www-authenticate']).toBe('Bearer realm="standin-admin"');
    }
    expect((await t.http.post('/__admin/reset')).status).toBe(401);
    expect((await t.http.get('/__admin/requests').set('authorization', 'Bearer wrong')).status).toBe(401);
    expect((await t.http.get('/__admin/requests').set('authorization', 'Bearer s3cret-and-more')).status).toBe(401);
    expect((await t.http.get('/__admin/requests').set('authorization', 'Bearer s3cret')).status).toBe(200);
    expect((await t.http.get('/__admin/specs/actionhub').set('authorization', 'Bearer s3cret')).status).toBe(200);
    // The services themselves never need it.
    expect((await t.http.get('/actionhub/assets').set('actionhub-key', 'demo-actionhub-key').set('program-id', 'x')).status).toBe(200);
    await t.close();
  });

  it('lets a browser open the docs with ?token= once, kept in a cookie that only reads docs and specs', async () => {
    const t = await testApp({ adminToken: 's3cret' });
    expect((await t.http.get('/__admin/docs?token=wrong')).status).toBe(401);
    const taken = await t.http.get('/__admin/docs?token=s3cret');
    expect(taken.status).toBe(302);
    expect(taken.headers['location']).toBe('/__admin/docs');
    const cookie = taken.headers['set-cookie']![0]!;
    expect(cookie).toBe('standin_admin_token=s3cret; Path=/__admin; HttpOnly; SameSite=Strict');
    const jar = cookie.split(';')[0]!;
    for (const path of ['/__admin/docs', '/__admin/docs/init.js', '/__admin/docs/assets/swagger-ui.css', '/__admin/specs/webflow', '/__admin/specs/admin']) {
      expect((await t.http.get(path).set('cookie', jar)).status, path).toBe(200);
    }
    // Not a way into the rest of the admin API (no cross-site request can use it to change anything).
    expect((await t.http.get('/__admin/requests').set('cookie', jar)).status).toBe(401);
    expect((await t.http.post('/__admin/reset').set('cookie', jar)).status).toBe(401);
    expect((await t.http.get('/__admin/docs').set('cookie', 'standin_admin_token=nope')).status).toBe(401);
    await t.close();
  });

  it('is not made up on loopback', async () => {
    const s = await serve({ services, logLevel: 'silent', host: '127.0.0.1' });
    expect(s.adminToken).toBeUndefined();
    expect(s.generatedAdminToken).toBe(false);
    expect((await fetch(`${s.url}/__admin/requests`)).status).toBe(200);
    await s.close();
  });
});

describe('an empty --admin-token', () => {
  it('stops the CLI at start with one line and exit code 2 (an unset shell variable would have turned auth off)', async () => {
    for (const args of [['--admin-token', ''], ['--admin-token='], ['--admin-token', '  ']]) {
      const p = runCli(['--in-memory', '--port', '0', ...args]);
      expect(await p.exited, args.join(' ')).toBe(2);
      const first = p.stderr().split('\n')[0]!;
      expect(first).toBe('standin: --admin-token is empty (an unset shell variable?): give a token, or leave the option out to run without one');
      expect(p.stdout()).not.toContain('Standin is running');
    }
  });

  it('is refused by startStandin too', async () => {
    await expect(startStandin({ adminToken: '' })).rejects.toThrow(/^--admin-token is empty/);
  });
});
