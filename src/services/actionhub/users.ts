import { programId } from './page.js';
import { PyDict, PyFloat } from './python-print.js';
import type { ActionhubExchange, ActionhubHandler } from './request.js';
import { round4, userLabels } from './model.js';
import { eventIndex, labelLookups, recommendationsFor, userGraph } from './graphs.js';
import { notFound } from './errors.js';

/** The user a path names, and their program. */
function userOf(ex: ActionhubExchange): { program: string; userId: string } {
  return { program: programId(ex), userId: ex.params['user_id'] ?? '' };
}

/** The user's recommendations, from their graph: 404 with `detail` before they have one. */
function recommendations(ex: ActionhubExchange, detail: string) {
  const { program, userId } = userOf(ex);
  const graph = ex.store.tenant(program).get('user_graphs', userId);
  if (!graph) throw notFound(detail);
  return { program, recs: recommendationsFor(ex, program, graph) };
}

function assetName(ex: ActionhubExchange, program: string, assetId: string): string {
  return ex.store.tenant(program).get('assets', assetId)?.asset_name ?? assetId;
}

export const getUserActions: ActionhubHandler = (_req, ex) => {
  const { program, recs } = recommendations(ex, 'User history not found');
  const repeats = ex.query['allow_repeats'] !== false;
  const limit = Number(ex.query['limit'] ?? 10);
  const offered = repeats ? recs : recs.filter((r) => round4(r.base) === 0);
  // actions[:limit], as Python slices: 0 gives none, a negative limit drops that many from the end.
  const actions = offered.slice(0, limit < 0 ? Math.max(0, offered.length + limit) : limit).map((r) => ({
    event_type: r.event_type,
    asset_id: r.asset_id,
    asset_name: assetName(ex, program, r.asset_id),
    growth_weight: new PyFloat(round4(r.growth)),
    base_weight: new PyFloat(round4(r.base)),
  }));
  return { status: 200, json: { actions } };
};

export const getUserLabels: ActionhubHandler = (_req, ex) => {
  const { program, recs } = recommendations(ex, 'User not found');
  const { assetLabels, strength } = labelLookups(ex, program);
  // An ordered dict: labels such as "2024" must not move ahead as a JS object's integer keys would.
  const labels = new PyDict(userLabels(recs, assetLabels, strength).map(([l, w]) => [l, new PyFloat(w)]));
  return { status: 200, json: { labels } };
};

export const getUserEventsLog: ActionhubHandler = (_req, ex) => {
  const { program, userId } = userOf(ex);
  const index = eventIndex(ex, program);
  const mine = index.byUser.get(userId);
  if (!mine) throw notFound('User not found');
  const stored = ex.store.tenant(program);
  // Newest first; events at the same time, the one logged last first.
  const order = [...mine].sort((a, b) => index.model[b]!.ms - index.model[a]!.ms || b - a);
  const history = order.map((i) => {
    const e = index.stored[i]!;
    const asset = stored.get('assets', e.asset_id);
    return { timestamp: e.event_timestamp, event_type: e.event_type, asset_id: e.asset_id, asset_name: asset?.asset_name ?? e.asset_id, event_labels: e.labels, asset_labels: asset?.labels ?? [] };
  });
  return { status: 200, json: { history } };
};

export const rebaseUser: ActionhubHandler = async (_req, ex) => {
  const { program, userId } = userOf(ex);
  const index = eventIndex(ex, program);
  if (!index.byUser.has(userId)) throw notFound('User not found');
  await ex.store.write((tx) => tx.tenant(program).put('user_graphs', userId, userGraph(ex, userId, index.stored.length)));
  return { status: 200, json: { result: `user ${userId} rebased` } };
};

/** A user drawn uniformly from those with events, with Standin's random source (reproducible with --seed). */
export const getRandomUser: ActionhubHandler = (_req, ex) => {
  const users = [...eventIndex(ex, programId(ex)).byUser.keys()];
  if (!users.length) throw notFound('User not found');
  return { status: 200, json: users[ex.random.int(users.length)] };
};
