import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { freezeClock, KEY, listen } from './helpers.js';

/**
 * The public Shopify app (Lifecycle-Science/actionhub-shopify) replayed call for call with plain fetch:
 * `web/helpers/process-onboarding.js` (create the program with the admin key, post products as assets,
 * orders and visits as events in batches, rebase, poll the status every second until
 * `program_user_graph_complete`), then `web/actionhub-api.js` and `helpers/process-segments-sync.js`
 * (read the program and the segments, build the app's segment ids, and fetch each segment's customers).
 */

let t: TestApp;
let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  t = await testApp({ seed: 42 });
  server = await listen(t);
  // Frozen: the status must still reach program_user_graph_complete (the client polls with no timeout).
  await freezeClock(t, '2026-01-15T12:00:00Z');
});
afterAll(async () => {
  await server.close();
  await t.close();
});

// A shop as Shopify's Admin API returns it: numeric ids, comma-separated tags (", " leaves a space).
const products = [
  { id: 8012345678901, title: 'Trail shoe', tags: 'running, trail' },
  { id: 8012345678902, title: 'Rain jacket', tags: 'outdoor, rain' },
  { id: 8012345678903, title: 'Wool socks', tags: 'running, winter' },
  { id: 8012345678904, title: 'Camp stove', tags: 'outdoor' },
];
const landingPages = ['https://shop.example/collections/running', 'https://shop.example/', 'https://shop.example/products/rain-jacket?utm_source=mail'];

interface Order {
  id: number;
  created_at: string;
  tags: string;
  customer: { id: number };
  line_items: { product_id: number }[];
  journey: { firstVisit?: { landingPage: string; occurredAt: string }; lastVisit?: { landingPage: string; occurredAt: string } };
}

/** 48 orders of 16 customers, reproducible (a small LCG), with the shapes the app reads. */
function orders(): Order[] {
  let s = 7;
  const next = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  return Array.from({ length: 48 }, (_, i) => {
    const customer = 6001000000 + (i % 16);
    const day = 1 + next(28);
    const created = `2025-10-${String(day).padStart(2, '0')}T${String(8 + next(10)).padStart(2, '0')}:15:31-04:00`;
    const runner = customer % 2 === 0;
    const pool = runner ? [products[0]!, products[2]!, products[3]!] : [products[1]!, products[3]!, products[0]!];
    const items = pool.slice(0, 1 + next(2)).map((p) => ({ product_id: p.id }));
    const visit = (h: number) => ({ landingPage: landingPages[next(3)]!, occurredAt: `2025-10-${String(day).padStart(2, '0')}T0${h}:02:10Z` });
    return { id: 5100 + i, created_at: created, tags: i % 5 === 0 ? 'vip,repeat' : '', customer: { id: customer }, line_items: items, journey: { firstVisit: visit(1), lastVisit: i % 3 ? visit(2) : undefined } };
  });
}

describe('the Shopify app, replayed against Standin', () => {
  let programId = '';
  let actionHubKey = '';
  const headers = () => ({ 'Content-Type': 'application/json', 'actionhub-key': actionHubKey, 'program-id': programId });
  const shop = 'standin-test.myshopify.com';

  it('step 1: POST /programs with the admin key and program answers program_id and api_key', async () => {
    const newProgram = { program_name: shop, high_engagement_threshold: 3, event_relevance_decay: 365, action_weight_floor: 0, description: 'Shopify shop: ' + shop };
    const response = await fetch(server.url + '/programs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'actionhub-key': KEY, 'program-id': 'demo-program' },
      body: JSON.stringify(newProgram),
    });
    expect(response.status).toBe(200);
    const data = (await response.json()) as { program_id: string; api_key: string };
    expect(Object.keys(data)).toEqual(['api_key', 'program_id']);
    expect(data.program_id).toMatch(/^standin-test-myshopify-com-[0-9a-f]{6}$/);
    expect(data.api_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    programId = data.program_id;
    actionHubKey = data.api_key;
  });

  it('step 3: POST /assets with numeric product ids and split tags answers 200', async () => {
    const assets = products.map((p) => ({ asset_id: p.id, asset_name: p.title, labels: p.tags.split(',') }));
    const response = await fetch(server.url + '/assets', { method: 'POST', headers: headers(), body: JSON.stringify({ assets }) });
    expect(response.status).toBe(200);
    const stored = (await (await fetch(server.url + '/assets', { headers: headers() })).json()) as { items: { asset_id: string; labels: string[] }[] };
    // pydantic v1 made the numbers strings; labels are kept as sent, leading space and all.
    expect(stored.items[0]).toEqual({ asset_id: '8012345678901', asset_name: 'Trail shoe', labels: ['running', ' trail'] });
  });

  it('step 4: POST /events?queue_updates=false&process_user_actions=false in batches of 100 or more, then the rest', async () => {
    const postEvents = async (events: unknown[]) => {
      const params = new URLSearchParams({ queue_updates: 'false', process_user_actions: 'false' });
      const response = await fetch(server.url + '/events?' + params, { method: 'POST', headers: headers(), body: JSON.stringify({ events }) });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as { result: string };
    };
    let events: unknown[] = [];
    const results: string[] = [];
    for (const order of orders()) {
      for (const item of order.line_items) {
        events.push({ user_id: order.customer.id, event_timestamp: order.created_at, event_type: 'buy', asset_id: item.product_id, labels: order.tags.split(',') });
      }
      for (const visit of [order.journey.firstVisit, order.journey.lastVisit]) {
        if (visit) events.push({ user_id: order.customer.id, event_timestamp: visit.occurredAt, event_type: 'visit', asset_id: visit.landingPage, labels: order.tags.split(',') });
      }
      if (events.length >= 100) {
        results.push((await postEvents(events)).result);
        events = [];
      }
    }
    if (events.length > 0) results.push((await postEvents(events)).result);
    expect(results.length).toBeGreaterThan(1);
    expect(results.every((r) => /^\d+ events logged$/.test(r))).toBe(true);
    // Stored, not processed: nobody has actions before the rebase.
    const early = await fetch(server.url + '/users/6001000000/actions', { headers: headers() });
    expect([early.status, await early.json()]).toEqual([404, { detail: 'User history not found' }]);
  });

  it('steps 5/6: PUT /program/rebase, then GET /program/status until program_user_graph_complete, under a frozen clock', async () => {
    const rebase = await fetch(server.url + '/program/rebase', { method: 'PUT', headers: headers() });
    expect(rebase.status).toBe(200);
    expect(await rebase.json()).toEqual({ result: 'rebase started' });
    // The client's loop, bounded here: remember the phase, stop at program_user_graph_complete.
    let programStatus = 'none';
    const steps: string[] = [];
    for (let poll = 0; poll < 5 && programStatus !== 'program_user_graph_complete'; poll++) {
      const data = (await (await fetch(server.url + '/program/status', { method: 'GET', headers: headers() })).json()) as { status_id: string; program_id: string; ts_logged: string; message: string };
      if (data.status_id.startsWith('program_user_graph') && !programStatus.startsWith('program_user_graph')) steps.push('generate_actions');
      programStatus = data.status_id;
      expect(data.program_id).toBe(programId);
      expect(data.ts_logged).toBe('2026-01-15T12:00:00+00:00');
    }
    expect(programStatus).toBe('program_user_graph_complete');
    expect(steps).toEqual(['generate_actions']);
  });

  it('reads the program as the app does (program_name, program_id)', async () => {
    const program = (await (await fetch(server.url + '/program', { headers: headers() })).json()) as Record<string, unknown>;
    expect(program).toEqual({ program_id: programId, program_name: shop, high_engagement_threshold: 3, event_relevance_decay: 365, action_weight_floor: 0, description: 'Shopify shop: ' + shop });
  });

  it('lists segments by labels and by assets, and every segment\'s customers match its user_count', async () => {
    const BasisMap: Record<string, string> = { label: 'Tag', asset: 'Product' };
    const WeightMap: Record<string, string> = { 0.1: 'low', 0.4: 'med', 0.7: 'high' };
    const customers = new Set(orders().map((o) => String(o.customer.id)));
    let checked = 0;
    for (const [segmentBasis, minWeight] of [['labels', 0.1], ['assets', 0.4], ['labels', 0.7]] as const) {
      const params = new URLSearchParams({ segment_basis: segmentBasis, min_weight: String(minWeight), force_refresh: 'false' });
      const data = (await (await fetch(server.url + '/segments?' + params, { headers: headers() })).json()) as {
        items: { action_type: string; segment_basis: string; segment_basis_id: string; name: string; user_count: number; strength: number }[];
      };
      expect(data.items.length).toBeGreaterThan(0);
      // The app's ids are split on '-': a basis id holding one (a landing page's URL) cannot round-trip there.
      for (const item of data.items.filter((i) => !i.segment_basis_id.includes('-'))) {
        // MakeSegmentDisplayId, then ConvertSegmentDisplayIdToQuery, as the app builds and reads its ids.
        const displayId = `${item.action_type}-${BasisMap[item.segment_basis]!.toLowerCase()}-${item.segment_basis_id.trim()}-${WeightMap[minWeight]}`;
        const [actionType, basis, basisId] = displayId.split('-');
        const query = new URLSearchParams({
          action_types: actionType!,
          min_weight: String(minWeight),
          asset_ids: basis === 'product' ? basisId! : '',
          labels: basis === 'tag' ? basisId! : '',
          segment_type: 'growth',
          force_refresh: 'true',
        });
        const response = await fetch(server.url + '/segment?' + query, { headers: headers() });
        expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        const ids = (await response.text()).split('\n');
        expect(ids.length, displayId).toBe(item.user_count);
        expect(ids.every((id) => customers.has(id)), displayId).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('reads a customer\'s actions, labels and events', async () => {
    const user = '6001000000';
    const actions = (await (await fetch(server.url + `/users/${user}/actions?limit=5`, { headers: headers() })).json()) as { actions: { event_type: string; asset_id: string; asset_name: string; growth_weight: number; base_weight: number }[] };
    expect(actions.actions.length).toBeGreaterThan(0);
    expect(actions.actions.length).toBeLessThanOrEqual(5);
    expect(actions.actions.some((a) => a.asset_name === 'Trail shoe' && a.event_type === 'buy' && a.base_weight > 0)).toBe(true);
    const labels = (await (await fetch(server.url + `/users/${user}/labels`, { headers: headers() })).json()) as { labels: Record<string, number> };
    expect(Object.keys(labels.labels)).toContain('running');
    const weights = Object.values(labels.labels);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const events = (await (await fetch(server.url + `/users/${user}/events`, { headers: headers() })).json()) as { history: { timestamp: string; asset_name: string }[] };
    const times = events.history.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort().reverse());
    expect(times.every((ts) => ts.endsWith('+00:00'))).toBe(true);
  });
});
