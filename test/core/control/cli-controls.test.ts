import { describe, expect, it } from 'vitest';
import { startCli } from '../../helpers/process.js';

const logLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => typeof l['method'] === 'string' && l['admin'] === undefined);

describe('the control plane from the command line', () => {
  it('--service-port, --journal-size and --log-level info: one structured line per request', async () => {
    const p = await startCli(['--in-memory', '--log-level', 'info', '--service-port', 'webflow=0', '--journal-size', '2']);
    try {
      const own = /Webflow\s+\S+ and (http:\/\/127\.0\.0\.1:\d+)/.exec(p.stdout())?.[1];
      expect(own).toBeDefined();
      const folders = await fetch(`${own}/v2/sites/580e63e98c9a982ac9b8b741/asset_folders`, { headers: { authorization: 'Bearer demo-token' } });
      expect(folders.status).toBe(200);
      for (const path of ['/actionhub/labels', '/sensu/api/core/v2/assets']) await fetch(`${p.url}${path}`);
      const kept = ((await (await fetch(`${p.url}/__admin/requests`)).json()) as { requests: { path: string }[] }).requests;
      expect(kept.map((r) => r.path)).toEqual(['/api/core/v2/assets', '/labels']);
      const deadline = Date.now() + 5000;
      while (logLines(p.stderr()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const lines = logLines(p.stderr());
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({ level: 30, service: 'webflow', sandbox: 'default', method: 'GET', path: '/v2/sites/580e63e98c9a982ac9b8b741/asset_folders', status: 200 });
      expect(lines[2]).toMatchObject({ service: 'sensu', path: '/sensu/api/core/v2/assets', status: 401, ms: expect.any(Number) });
      // Never a credential in the log.
      expect(p.stderr()).not.toContain('demo-token');
    } finally {
      await p.stop();
    }
  });

  it('--log-level warn logs no request lines', async () => {
    const p = await startCli(['--in-memory', '--log-level', 'warn']);
    try {
      await fetch(`${p.url}/actionhub/labels`);
      await new Promise((r) => setTimeout(r, 200));
      expect(logLines(p.stderr())).toEqual([]);
    } finally {
      await p.stop();
    }
  });
});
