import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from 'standin';
import { REPO_ROOT } from '../../../src/core/boot/repo-root.js';
import { tmpDir } from '../../helpers/app.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function started(options: Parameters<typeof startStandin>[0] = {}): Promise<Standin> {
  const s = await startStandin(options);
  cleanups.push(() => s.close());
  return s;
}

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program', 'content-type': 'application/json' };
const sensuAuth = { authorization: `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}` };

async function dirtySlate(s: Standin): Promise<void> {
  expect((await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: AH, body: JSON.stringify({ assets: [{ asset_id: 'pre-reset' }] }) })).status).toBe(200);
  s.fault({ service: 'sensu', status: 503 });
  s.clock.set('2026-01-01T00:00:00Z');
  expect((await fetch(`${s.url}/actionhub/assets`, { headers: { ...AH, 'x-standin-sandbox': 'suite-1' } })).status).toBe(200);
  expect((await fetch(`${s.url}/sensu/auth`, { headers: sensuAuth })).status).toBe(503);
  expect(((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes).toEqual(['default', 'suite-1']);
}

async function expectCleanSlate(s: Standin): Promise<void> {
  expect(s.faults()).toEqual([]);
  expect(s.clock.frozen).toBe(false);
  expect(((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes).toEqual(['default']);
  expect(s.requests({ sandbox: 'suite-1' })).toEqual([]);
  expect(s.requests()).toEqual([]);
  const page = (await (await fetch(`${s.url}/actionhub/assets`, { headers: AH })).json()) as { items: { asset_id: string }[] };
  expect(page.items.map((a) => a.asset_id)).not.toContain('pre-reset');
  expect((await fetch(`${s.url}/sensu/auth`, { headers: sensuAuth })).status).toBe(200);
}

describe('a real reset', () => {
  it('standin.reset(): no fault, journal entry, sandbox, frozen clock or pre-reset record is left', async () => {
    const s = await started();
    await dirtySlate(s);
    await s.reset();
    await expectCleanSlate(s);
  });

  it('POST /__admin/reset does the same, and says what went', async () => {
    const s = await started();
    await dirtySlate(s);
    const r = await fetch(`${s.url}/__admin/reset`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      status: 'ok',
      sandbox: 'default',
      services: ['actionhub', 'mediapocket', 'sensu', 'webflow'],
      removed: { requests: 3, faults: 1, sandboxes: ['suite-1'] },
      clockReleased: true,
    });
    await expectCleanSlate(s);
  });

  it("?service=NAME narrows the state part: other services' state and the sandboxes stay; journal, faults and clock go", async () => {
    const s = await started();
    await dirtySlate(s);
    const project = await fetch(`${s.url}/mediapocket/api/v2/projects`, { method: 'POST', headers: { 'x-api-key': 'demo-mediapocket-key', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'kept' }) });
    expect(project.status).toBe(200);
    await s.reset({ service: 'actionhub' });
    const state = s.snapshot().services;
    expect(JSON.stringify(state['actionhub'])).not.toContain('pre-reset');
    expect(JSON.stringify(state['mediapocket'])).toContain('"kept"');
    expect(((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes).toEqual(['default', 'suite-1']);
    expect(s.faults()).toEqual([]);
    expect(s.clock.frozen).toBe(false);
    expect(s.requests({ sandbox: 'suite-1' })).toEqual([]);
    await expect(s.reset({ service: 'nope' })).rejects.toThrow(/no service named 'nope'/);
  });

  it('?sandbox=NAME resets that sandbox alone: its state, journal and faults; the rest is left as it was', async () => {
    const s = await started();
    await dirtySlate(s);
    s.fault({ service: 'actionhub', status: 500 }, 'suite-1');
    const r = (await (await fetch(`${s.url}/__admin/reset?sandbox=suite-1`, { method: 'POST' })).json()) as { removed: unknown; clockReleased: boolean };
    expect(r).toMatchObject({ removed: { requests: 1, faults: 1, sandboxes: [] }, clockReleased: false });
    expect(s.faults()).toHaveLength(1);
    expect(s.clock.frozen).toBe(true);
    expect(s.requests().length).toBeGreaterThan(0);
    expect(((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes).toEqual(['default', 'suite-1']);
  });

  it('reads the fixtures and the --state snapshot from disk again, so a demo can be adjusted without a restart', async () => {
    const { dir, cleanup } = await tmpDir();
    cleanups.push(cleanup);
    const fixtures = join(dir, 'fixtures');
    await cp(join(REPO_ROOT, 'fixtures'), fixtures, { recursive: true });
    const stateFile = join(dir, 'state.json');
    await writeFile(stateFile, JSON.stringify({ services: { sensu: { shared: { namespaces: { default: { name: 'default' } } } } } }));
    const s = await started({ fixtures, stateFile });
    const asKey = async (key: string) => (await fetch(`${s.url}/actionhub/labels`, { headers: { 'actionhub-key': key, 'program-id': 'p' } })).status;
    expect(await asKey('added-later')).toBe(403);
    await writeFile(join(fixtures, 'actionhub', 'zz-extra.json'), JSON.stringify({ shared: { keys: { 'added-later': {} } } }));
    await writeFile(stateFile, JSON.stringify({ services: { sensu: { shared: { namespaces: { default: { name: 'default' }, staging: { name: 'staging' } } } } } }));
    await s.reset();
    expect(await asKey('added-later')).toBe(200);
    expect(Object.keys(s.snapshot().services['sensu']!.shared!['namespaces']!)).toEqual(['default', 'staging']);

    // Broken fixtures on disk: 409, and nothing changes (the key written before stays).
    await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'actionhub-key': 'added-later' }, body: JSON.stringify({ assets: [{ asset_id: 'survives' }] }) });
    s.fault({ service: 'webflow', status: 500 });
    await writeFile(join(fixtures, 'actionhub', 'zz-extra.json'), '{ not json');
    const before = s.snapshot();
    const r = await fetch(`${s.url}/__admin/reset`, { method: 'POST' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'bad_fixtures', message: expect.stringContaining('zz-extra.json') });
    expect(s.snapshot()).toEqual(before);
    expect(s.faults()).toHaveLength(1);
  });

  it("forgets the services' memory: a used-up Webflow rate limit is whole again", async () => {
    const s = await started({ options: { 'webflow-rate-limit': 2 } });
    const list = () => fetch(`${s.url}/webflow/v2/sites/580e63e98c9a982ac9b8b741/asset_folders`, { headers: { authorization: 'Bearer demo-token' } });
    expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([200, 200, 429]);
    await s.reset();
    expect((await list()).status).toBe(200);
  });

  it('clearRequests() forgets the journal of a sandbox and says how many', async () => {
    const s = await started();
    await fetch(`${s.url}/actionhub/labels`, { headers: AH });
    await fetch(`${s.url}/actionhub/labels`, { headers: { ...AH, 'x-standin-sandbox': 'other' } });
    expect(s.clearRequests()).toBe(1);
    expect(s.requests()).toEqual([]);
    expect(s.requests({ sandbox: 'other' })).toHaveLength(1);
    expect(s.clearRequests('other')).toBe(1);
  });
});
