import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/core/boot/standin.js';
import { runCli, startCli } from '../helpers/process.js';
import { freshDatabase, pgCluster } from '../helpers/pg.js';

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'killed', 'content-type': 'application/json' };

describe('a postgres:// --db', () => {
  it('that cannot be reached is refused with one line and a non-zero exit, and never made a folder', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const p = runCli(['--port', '0', '--db', 'postgres://standin:secret@127.0.0.1:9/standin']);
    const code = await p.exited;
    expect(code).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^standin: cannot reach the PostgreSQL database postgres:\/\/standin:\*\*\*@127\.0\.0\.1:9\/standin: /);
    expect(p.stderr()).not.toContain('secret');
    expect(existsSync(join(REPO_ROOT, 'postgres:'))).toBe(false);
  });

  it.skipIf(!pgCluster)('naming a database that does not exist is refused with one line', async () => {
    const p = runCli(['--port', '0', '--db', `${pgCluster}/no_such_database`], { STANDIN_DB: '' });
    expect(await p.exited).toBe(1);
    expect(p.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^standin: cannot reach the PostgreSQL database .*no_such_database.*does not exist/)]);
  });

  it.skipIf(!pgCluster)('STANDIN_DB takes the URL too, and a SIGKILLed instance under write load loses no acknowledged write', async () => {
    const db = await freshDatabase();
    const [a, b] = await Promise.all([startCli([], { STANDIN_DB: db }), startCli(['--db', db])]);
    try {
      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (w: number) => {
        for (let n = 0; !stop && n < 2000; n++) {
          const id = `w${w}-${n}`;
          try {
            const r = await fetch(`${a.url}/actionhub/assets`, { method: 'POST', headers: AH, body: JSON.stringify({ assets: [{ asset_id: id, asset_name: id }] }) });
            if (r.status === 200) acknowledged.push(id);
          } catch {
            return; // the instance is gone
          }
        }
      };
      const writers = Array.from({ length: 8 }, (_, w) => writer(w));
      const deadline = Date.now() + 10_000;
      while (acknowledged.length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      a.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      expect(acknowledged.length).toBeGreaterThanOrEqual(200);
      const state = (await (await fetch(`${b.url}/__admin/state?service=actionhub`)).json()) as { services: { actionhub: { tenants: Record<string, { assets: Record<string, unknown> }> } } };
      const stored = state.services.actionhub.tenants['killed']?.assets ?? {};
      expect(acknowledged.filter((id) => !(id in stored))).toEqual([]);
    } finally {
      a.child.kill('SIGKILL');
      await b.stop();
    }
  });
});
