import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const demo = (method: 'get' | 'put', path: string) => ah(t, method, path, { program: 'demo-program' });

// What a demo shows right after `npm start`: every read of demo-program answers something.
describe('the demo program, straight from the fixtures', () => {
  it('is configured and rebased', async () => {
    expect((await demo('get', '/program')).body).toMatchObject({ program_id: 'demo-program', program_name: 'Demo outdoor shop', high_engagement_threshold: 3, event_relevance_decay: 90 });
    expect((await demo('get', '/program/status')).body.status_id).toBe('program_user_graph_complete');
  });

  it('has a few dozen users with events of several types on assets with labels', async () => {
    const state = (await t.http.get('/__admin/state?service=actionhub')).body.services.actionhub.tenants['demo-program'];
    const events = Object.values(state.events) as { user_id: string; event_type: string; asset_id: string }[];
    expect(new Set(events.map((e) => e.user_id)).size).toBeGreaterThanOrEqual(30);
    expect([...new Set(events.map((e) => e.event_type))].sort()).toEqual(['add_to_cart', 'buy', 'read', 'view', 'visit']);
    expect(Object.keys(state.user_graphs)).toHaveLength(new Set(events.map((e) => e.user_id)).size);
  });

  it('answers a random user\'s actions, labels and history', async () => {
    const user = JSON.parse((await demo('get', '/random/user_id')).text) as string;
    const actions = await demo('get', `/users/${user}/actions`);
    expect(actions.body.actions.length).toBeGreaterThan(0);
    expect(actions.body.actions.some((a: { base_weight: number }) => a.base_weight === 0)).toBe(true);
    expect(Object.keys((await demo('get', `/users/${user}/labels`)).body.labels).length).toBeGreaterThan(0);
    expect((await demo('get', `/users/${user}/events`)).body.history.length).toBeGreaterThan(0);
  });

  it('has segments that tell users apart at the Shopify app\'s cut-offs', async () => {
    for (const basis of ['labels', 'assets']) {
      const counts = (min: number) => demo('get', `/segments?segment_basis=${basis}&min_weight=${min}&size=100`);
      const low = (await counts(0.1)).body;
      const high = (await counts(0.7)).body;
      expect(low.total).toBeGreaterThan(5);
      const users = (b: { items: { user_count: number }[] }) => b.items.reduce((n, s) => n + s.user_count, 0);
      expect(users(high)).toBeLessThan(users(low));
    }
    const runners = (await demo('get', '/segment?labels=running&action_types=buy&min_weight=0.4')).text.split('\n');
    expect(runners.length).toBeGreaterThan(3);
    expect(runners.length).toBeLessThan(36);
  });
});
