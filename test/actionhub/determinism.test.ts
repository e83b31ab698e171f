import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { freezeClock, KEY } from './helpers.js';

/** One scripted session: a program made, assets, events with both flags, a rebase, and every read. Returns each answer's bytes. */
async function session(t: TestApp): Promise<string[]> {
  await freezeClock(t, '2026-01-15T00:00:00Z');
  const out: string[] = [];
  const note = (r: { status: number; text: string; headers: Record<string, string> }) => out.push(`${r.status} ${r.headers['content-type'] ?? ''} ${r.text}`);
  const created = await t.http.post('/actionhub/programs').set('actionhub-key', KEY).send({ program_name: 'Same Shop', high_engagement_threshold: 2, event_relevance_decay: 30 });
  note(created);
  const h = { 'actionhub-key': created.body.api_key as string, 'program-id': created.body.program_id as string };
  note(await t.http.post('/actionhub/assets').set(h).send({ assets: [1, 2, 3, 4].map((i) => ({ asset_id: `p${i}`, asset_name: `Product ${i}`, labels: [i % 2 ? 'odd' : 'even', 'all'] })) }));
  const events = Array.from({ length: 60 }, (_, i) => ({
    user_id: 9000 + (i % 12),
    event_timestamp: `2025-12-${String(1 + (i % 28)).padStart(2, '0')}T1${i % 10}:00:00+01:00`,
    event_type: i % 3 ? 'buy' : 'view',
    asset_id: `p${1 + ((i * 7) % 4)}`,
    labels: i % 4 ? [] : ['promo'],
  }));
  note(await t.http.post('/actionhub/events?queue_updates=false&process_user_actions=false').set(h).send({ events: events.slice(0, 40) }));
  note(await t.http.post('/actionhub/events?queue_updates=true&process_user_actions=true').set(h).send({ events: events.slice(40) }));
  note(await t.http.put('/actionhub/program/rebase').set(h));
  note(await t.http.get('/actionhub/program/status').set(h));
  for (let i = 0; i < 5; i++) note(await t.http.get('/actionhub/random/user_id').set(h));
  for (const user of ['9000', '9005', '9011']) {
    note(await t.http.get(`/actionhub/users/${user}/actions?limit=20`).set(h));
    note(await t.http.get(`/actionhub/users/${user}/labels`).set(h));
    note(await t.http.get(`/actionhub/users/${user}/events`).set(h));
  }
  for (const q of ['segment_basis=labels&min_weight=0.1', 'segment_basis=assets&min_weight=0.4&segment_type=discovery', 'segment_basis=assets&segment_type=base']) note(await t.http.get(`/actionhub/segments?${q}`).set(h));
  note(await t.http.get('/actionhub/segment?asset_ids=p1,p3&min_weight=0.2&action_types=buy').set(h));
  note(await t.http.get('/actionhub/programs').set(h));
  out.push(JSON.stringify((await t.http.get('/__admin/state?service=actionhub')).body));
  return out;
}

describe('determinism: the same events give the same answers, byte for byte, with --seed and a fixed clock', () => {
  it('answers two fresh runtimes with the same seed identically, and a different seed differently (ids, random user)', async () => {
    const runs: string[][] = [];
    for (const seed of [2024, 2024, 2025]) {
      const t = await testApp({ seed });
      try {
        runs.push(await session(t));
      } finally {
        await t.close();
      }
    }
    const [a, b, c] = runs as [string[], string[], string[]];
    expect(a.length).toBeGreaterThan(20);
    // Every call answered 200 (the last line is the exported state).
    expect(a.slice(0, -1).filter((line) => !line.startsWith('200 '))).toEqual([]);
    expect(b).toEqual(a);
    expect(c[0]).not.toBe(a[0]);
  });
});
