import type { StoredEvent, StoredTarget } from './store.js';
import { account, type MediapocketExchange, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { invalidParam } from './records.js';

/** Events a page (ASSUMED: the docs show a one-event page). */
export const HISTORY_PAGE = 20;

/** A target as the docs' example shows it: the internal id, the public id and the record's current title. */
function renderTarget(ctx: MediapocketExchange, t: StoredTarget) {
  const current = t.target_type === 'Asset' ? account(ctx).get('assets', t.target_id) : account(ctx).get('collections', t.target_id);
  return { target_type: t.target_type, target: { id: t.number, elasticsearch_id: t.target_id, title: current?.title ?? t.title } };
}

const renderEvent = (ctx: MediapocketExchange, e: StoredEvent) => ({
  id: e.id,
  user_id: e.user_id,
  event_type: e.event_type,
  created_at: e.created_at,
  updated_at: e.created_at,
  event_targets: e.targets.map((t) => renderTarget(ctx, t)),
});

/**
 * The asset's events, newest first. Cursor `0` is the first page; any other is the `next_cursor` a page
 * gave, and the page holds the events older than it. The asset is looked up (404) before the cursor is
 * checked (422), as with every parameter.
 */
export const getAssetHistory: MediapocketHandler = (req, ctx) => {
  const asset = findAsset(req, ctx);
  const given = ctx.params['cursor']!;
  if (!/^[0-9]+$/.test(given)) invalidParam('cursor', given, 'Invalid cursor');
  const cursor = Number(given);
  const events = account(ctx)
    .values('history')
    .filter((e) => (cursor === 0 || e.id < cursor) && e.targets.some((t) => t.target_type === 'Asset' && t.target_id === asset.id))
    .sort((a, b) => b.id - a.id);
  const page = events.slice(0, HISTORY_PAGE);
  const next_cursor = events.length > HISTORY_PAGE ? page[page.length - 1]!.id : null;
  return { status: 200, json: { history: { results: page.map((e) => renderEvent(ctx, e)), next_cursor } } };
};
