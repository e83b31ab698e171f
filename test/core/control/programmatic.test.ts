import { describe, expect, it } from 'vitest';
import { startStandin } from '../../../src/index.js';

describe('startStandin() helpers', () => {
  it('requests, count, fault, snapshot and restore work in process', async () => {
    const s = await startStandin();
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'helpers', 'content-type': 'application/json' };
    const snap = s.snapshot();
    await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers, body: JSON.stringify({ assets: [{ asset_id: 'h1' }] }) });
    expect(s.count({ service: 'actionhub', method: 'POST', body: { assets: [{ asset_id: 'h1' }] } })).toBe(1);
    expect(s.requests({ service: 'actionhub' })[0]).toMatchObject({ path: '/assets', status: 200 });
    const f = s.fault({ service: 'actionhub', status: 503, times: 1 });
    expect(f.id).toMatch(/^f\d+$/);
    expect((await fetch(`${s.url}/actionhub/assets`, { headers })).status).toBe(503);
    expect(() => s.fault({ service: 'nope', status: 500 })).toThrow(/no service named 'nope'/);
    await s.restore(snap);
    expect(s.snapshot()).toEqual(snap);
    await s.close();
  });
});
