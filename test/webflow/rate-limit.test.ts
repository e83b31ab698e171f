import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { SITE, err, wf } from './helpers.js';

// Webflow's per-token limits (https://developers.webflow.com/data/reference/rate-limits); the fixed 60-second window is ASSUMED.
describe('rate limits', () => {
  it('sends X-RateLimit-Limit/Remaining on every answer (errors too) and 429 with Retry-After past the limit', async () => {
    const t = await testApp({ options: { 'webflow-rate-limit': '3' } });
    t.rt.clock.set(Date.parse('2026-05-01T00:00:00.000Z'));
    const first = await wf(t, 'get', `/sites/${SITE}/assets`);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    const notFound = await wf(t, 'get', '/assets/000000000000000000000000');
    expect(notFound.status).toBe(404);
    expect(notFound.headers['x-ratelimit-remaining']).toBe('1');
    await wf(t, 'get', `/sites/${SITE}/assets`);
    t.rt.clock.set(Date.parse('2026-05-01T00:00:20.000Z'));
    const limited = await wf(t, 'get', `/sites/${SITE}/assets`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.body).toEqual(err('too_many_requests', 'Too many requests'));
    // Another token has its own window; a new minute starts afresh.
    expect((await wf(t, 'get', `/sites/${SITE}/assets`, 'demo-readonly-token')).status).toBe(200);
    t.rt.clock.set(Date.parse('2026-05-01T00:01:00.000Z'));
    expect((await wf(t, 'get', `/sites/${SITE}/assets`)).headers['x-ratelimit-remaining']).toBe('2');
    await t.close();
  });

  it('counts refused requests too: 403 missing_scopes and 400 validation errors carry the headers', async () => {
    const t = await testApp();
    const scope = await wf(t, 'post', `/sites/${SITE}/asset_folders`, 'demo-readonly-token').send({ displayName: 'x' });
    expect([scope.status, scope.headers['x-ratelimit-limit'], scope.headers['x-ratelimit-remaining']]).toEqual([403, '120', '119']);
    const invalid = await wf(t, 'get', `/sites/${SITE}/assets?limit=0`, 'demo-readonly-token');
    expect([invalid.status, invalid.headers['x-ratelimit-remaining']]).toEqual([400, '118']);
    await t.close();
  });

  it('defaults to 120 a minute, takes a token\'s own limit from the fixtures over --webflow-rate-limit, and can be turned off', async () => {
    const t = await testApp();
    expect((await wf(t, 'get', `/sites/${SITE}/assets`)).headers['x-ratelimit-limit']).toBe('120');
    await t.close();
    const cli = await testApp({ options: { 'webflow-rate-limit': '500' } });
    expect((await wf(cli, 'get', `/sites/${SITE}/assets`)).headers['x-ratelimit-limit']).toBe('500');
    // fixtures/webflow/tokens.json: starter-plan-token has Webflow's Starter-plan 60 a minute.
    const starter = await wf(cli, 'get', `/sites/${SITE}/assets`, 'starter-plan-token');
    expect([starter.headers['x-ratelimit-limit'], starter.headers['x-ratelimit-remaining']]).toEqual(['60', '59']);
    await cli.close();
    const off = await testApp({ options: { 'webflow-no-rate-limit': true, 'webflow-rate-limit': '1' } });
    for (let i = 0; i < 3; i++) {
      const r = await wf(off, 'get', `/sites/${SITE}/assets`, 'starter-plan-token');
      expect([r.status, r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining']]).toEqual([200, undefined, undefined]);
    }
    await off.close();
  });
});
