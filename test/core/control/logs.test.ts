import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyFactory } from 'pino-pretty';
import { PRETTY_OPTIONS } from '../../../src/core/boot/log.js';
import { startCli, type CliProcess } from '../../helpers/process.js';

type Line = Record<string, unknown>;

let p: CliProcess;
beforeAll(async () => {
  p = await startCli(['--in-memory', '--log-level', 'debug']);
});
afterAll(async () => {
  await p.stop();
});

const lines = (): Line[] =>
  p
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => typeof l['method'] === 'string');

/** The lines logged for requests to `path` (waiting, bounded, for `n` of them). */
async function linesFor(path: string, n = 1): Promise<Line[]> {
  for (let i = 0; i < 100; i++) {
    const found = lines().filter((l) => l['path'] === path);
    if (found.length >= n) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line for ${path}: ${p.stderr()}`);
}

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'logs' };

describe('logs a person can read', () => {
  it('one line per request: method, path, status, ms, service, operation and sandbox, all in its message too', async () => {
    await fetch(`${p.url}/actionhub/assets?search=secret-query`, { headers: { ...AH, 'x-standin-sandbox': 'logs-1' } });
    const [line] = await linesFor('/actionhub/assets');
    expect(line).toMatchObject({ level: 30, method: 'GET', path: '/actionhub/assets', status: 200, ms: expect.any(Number), service: 'actionhub', operation: 'get_assets', sandbox: 'logs-1' });
    expect(line!['msg']).toMatch(/^GET \/actionhub\/assets → 200 [\d.]+ ms {2}actionhub get_assets {2}\[sandbox logs-1\]$/);
    // Neither the query (keys and signatures travel there) nor a credential is logged.
    expect(p.stderr()).not.toContain('secret-query');
    expect(p.stderr()).not.toContain('demo-actionhub-key');
  });

  it("at debug, the reason of a 4xx: the first problem, in the service's own terms or the validator's", async () => {
    await fetch(`${p.url}/actionhub/labels?page=0`, { headers: AH });
    const [invalid] = await linesFor('/actionhub/labels');
    expect(invalid).toMatchObject({ status: 422, reason: expect.stringMatching(/^query page: .*>= 1/) });
    await fetch(`${p.url}/webflow/v2/sites/580e63e98c9a982ac9b8b741/asset_folders`);
    const [unauthorized] = await linesFor('/webflow/v2/sites/580e63e98c9a982ac9b8b741/asset_folders');
    expect(unauthorized).toMatchObject({ status: 401, reason: expect.stringContaining('Request not authorized') });
  });

  it('marks what a fault, a Prefer header or no operation produced, and a dropped connection as such', async () => {
    const fault = (await (await fetch(`${p.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'sensu', path: '/api/core/v2/namespaces/*/assets', status: 503, times: 1 }) })).json()) as { id: string };
    await fetch(`${p.url}/sensu/api/core/v2/namespaces/default/assets`);
    const [faulted] = await linesFor('/sensu/api/core/v2/namespaces/default/assets');
    expect(faulted).toMatchObject({ status: 503, fault: fault.id, operation: 'list_assets' });
    expect(faulted!['msg']).toContain(`[fault ${fault.id}]`);

    await fetch(`${p.url}/actionhub/assets?size=5`, { headers: { ...AH, prefer: 'code=422' } });
    const preferred = (await linesFor('/actionhub/assets', 2))[1]!;
    expect(preferred).toMatchObject({ status: 422, prefer: 'code=422' });
    expect(preferred['msg']).toContain('[Prefer code=422]');

    await fetch(`${p.url}/actionhub/nothing-here`);
    const [unmatched] = await linesFor('/actionhub/nothing-here');
    expect(unmatched).toMatchObject({ status: 404, service: 'actionhub', operation: null, unmatched: true });
    expect(unmatched!['msg']).toContain('[no operation]');

    await fetch(`${p.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'webflow', reset: true, times: 1 }) });
    await fetch(`${p.url}/webflow/v2/sites/x/assets`).catch(() => undefined);
    const [dropped] = await linesFor('/webflow/v2/sites/x/assets');
    expect(dropped).toMatchObject({ dropped: true, service: 'webflow' });
    expect(dropped!['status']).toBeUndefined();
    expect(dropped!['msg']).toMatch(/→ connection dropped /);
  });

  it('logs admin calls, with the reason of a refused one', async () => {
    await fetch(`${p.url}/__admin/requests?limit=0`);
    const [admin] = await linesFor('/__admin/requests');
    expect(admin).toMatchObject({ admin: true, method: 'GET', status: 400, reason: expect.stringContaining("'limit'") });
    expect(admin!['msg']).toMatch(/^GET \/__admin\/requests → 400 [\d.]+ ms {2}admin$/);
  });

  it('exactly one line for each request', async () => {
    const before = lines().length;
    for (let i = 0; i < 5; i++) await fetch(`${p.url}/mediapocket/api/v2/projects`, { headers: { 'x-api-key': 'demo-mediapocket-key' } });
    await linesFor('/mediapocket/api/v2/projects', 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines().length - before).toBe(5);
  });

  it('pretty on a terminal: one line per request, with what is not in the message after it', () => {
    const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize: false });
    const out = pretty({ level: 30, time: 0, pid: 1, hostname: 'h', method: 'GET', path: '/actionhub/labels', status: 422, ms: 1.5, service: 'actionhub', operation: 'get_labels', sandbox: 'default', reason: 'query page: must be >= 1', msg: 'GET /actionhub/labels → 422 1.5 ms  actionhub get_labels' });
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(out).toMatch(/INFO.*: GET \/actionhub\/labels → 422 1\.5 ms {2}actionhub get_labels .*"reason":"query page: must be >= 1"/);
    expect(out).not.toContain('"sandbox"');
  });
});
