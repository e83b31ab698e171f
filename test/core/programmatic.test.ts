import { describe, expect, it } from 'vitest';
import { startStandin } from '../../src/index.js';

describe('startStandin()', () => {
  it('serves every service on an ephemeral 127.0.0.1 port, in memory, and resets to fixtures', async () => {
    const standin = await startStandin();
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program', 'content-type': 'application/json' };
    await fetch(`${standin.url}/actionhub/assets`, { method: 'POST', headers, body: JSON.stringify({ assets: [{ asset_id: 'temp' }] }) });
    const before = (await (await fetch(`${standin.url}/actionhub/assets`, { headers })).json()) as { total: number };
    expect(before.total).toBe(5);
    await standin.reset();
    const after = (await (await fetch(`${standin.url}/actionhub/assets`, { headers })).json()) as { total: number };
    expect(after.total).toBe(4);
    expect(standin.runtime.store.persistent).toBe(false);
    await standin.close();
    await expect(fetch(`${standin.url}/__admin/health`)).rejects.toThrow();
  });
});
