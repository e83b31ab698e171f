import { readFile } from 'node:fs/promises';
import { startCli } from '../helpers/process.js';

const HEADERS = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'crash', 'content-type': 'application/json' };

export interface CrashRound {
  acknowledged: number;
  recovered: number;
  lost: string[];
  killedAfterMs: number;
}

/**
 * One crash: start Standin on `db`, drive concurrent upserts, SIGKILL it after `killAfterMs`, start it
 * again on the same file and check that the file is valid JSON, every write that got a 200 is there,
 * and the server serves again.
 */
export async function crashRound(db: string, killAfterMs: number, workers = 8): Promise<CrashRound> {
  const first = await startCli(['--db', db]);
  const acknowledged: string[] = [];
  let stop = false;
  let n = 0;
  const worker = async (w: number) => {
    while (!stop) {
      const id = `w${w}-${n++}-${Date.now()}`;
      try {
        const r = await fetch(`${first.url}/actionhub/assets`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ assets: [{ asset_id: id, asset_name: 'crash test' }] }) });
        if (r.status === 200) acknowledged.push(id);
        else throw new Error(`unexpected ${r.status}`);
      } catch (e) {
        if (!stop && !(e instanceof TypeError)) throw e; // TypeError: the connection died with the process
        return;
      }
    }
  };
  const workersDone = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  // Kill points count from the first acknowledged write (bounded wait), not from process start.
  const firstAckBy = Date.now() + 15_000;
  while (!acknowledged.length && Date.now() < firstAckBy) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, killAfterMs));
  // Every 200 a client saw was sent before the kill, so every one of them must survive it.
  await first.stop('SIGKILL');
  stop = true;
  await workersDone;

  // The JSON file is whole.
  JSON.parse(await readFile(db, 'utf8'));
  const second = await startCli(['--db', db]);
  try {
    const state = (await (await fetch(`${second.url}/__admin/state?service=actionhub`)).json()) as {
      services: { actionhub: { tenants: Record<string, { assets?: Record<string, unknown> }> } };
    };
    const stored = state.services.actionhub.tenants['crash']?.assets ?? {};
    const lost = acknowledged.filter((id) => !Object.hasOwn(stored, id));
    const health = await fetch(`${second.url}/__admin/health`);
    if (health.status !== 200) throw new Error('restarted server is not healthy');
    return { acknowledged: acknowledged.length, recovered: Object.keys(stored).length, lost, killedAfterMs: killAfterMs };
  } finally {
    await second.stop('SIGTERM');
  }
}
