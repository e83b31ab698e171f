import { isoMs, pyIsoformat } from './py-datetime.js';
import { buildBaseGraph, labelIds, recommend, type BaseGraph, type ModelConfig, type ModelEvent, type Recommendation } from './model.js';
import { BASE_GRAPH_RECORD, PROGRAM_RECORD, type StoredEvent, type StoredUserGraph } from './store.js';
import type { ActionhubExchange } from './request.js';

/**
 * Between the store and the model: the program's events indexed by user, its base graph and its users'
 * recommendations, each derived from stored records and kept (per runtime, never persisted) until the
 * records it came from change.
 */

export interface EventIndex {
  /** The program's events in the order they were logged. */
  stored: StoredEvent[];
  model: ModelEvent[];
  /** Each user's events (positions in `stored`), in the order their first event was logged. */
  byUser: Map<string, number[]>;
}

/** Something derived, cached under a name until its key (the versions it came from) changes. */
function cached<T>(ex: ActionhubExchange, name: string, key: string, make: () => T): T {
  const hit = ex.ephemeral.get(name) as { key: string; value: T } | undefined;
  if (hit?.key === key) return hit.value;
  const value = make();
  ex.ephemeral.set(name, { key, value });
  return value;
}

export function eventIndex(ex: ActionhubExchange, program: string): EventIndex {
  const events = ex.store.tenant(program);
  return cached(ex, `events\0${program}`, events.version('events'), () => {
    const stored = events.values('events');
    const byUser = new Map<string, number[]>();
    const model = stored.map((e, i): ModelEvent => {
      let mine = byUser.get(e.user_id);
      if (!mine) byUser.set(e.user_id, (mine = []));
      mine.push(i);
      return { user_id: e.user_id, ms: isoMs(e.event_timestamp), event_type: e.event_type, asset_id: e.asset_id, labels: labelIds(e.labels) };
    });
    return { stored, model, byUser };
  });
}

/** The configuration in force: the one the last rebase published, else the program's current one. */
export function configOf(ex: ActionhubExchange, program: string): ModelConfig & { threshold: number | null } {
  const t = ex.store.tenant(program);
  const c = t.get('base_graph', BASE_GRAPH_RECORD) ?? t.get('program', PROGRAM_RECORD);
  return { threshold: c?.high_engagement_threshold ?? null, halfLifeDays: c?.event_relevance_decay ?? null, floor: c?.action_weight_floor ?? null };
}

/** The base graph of the last rebase (undefined before one, or after a reset). */
export function baseGraphOf(ex: ActionhubExchange, program: string): BaseGraph | undefined {
  const t = ex.store.tenant(program);
  const record = t.get('base_graph', BASE_GRAPH_RECORD);
  if (!record) return undefined;
  const key = `${t.version('events')}|${record.rebased_at}|${record.events_seen}|${record.high_engagement_threshold}`;
  return cached(ex, `base\0${program}`, key, () => buildBaseGraph(eventIndex(ex, program).model.slice(0, record.events_seen), record.high_engagement_threshold));
}

/** A user's recommendations from their graph record: their events up to then, weighed at that time. */
export function recommendationsFor(ex: ActionhubExchange, program: string, graph: StoredUserGraph): Recommendation[] {
  const index = eventIndex(ex, program);
  const mine = (index.byUser.get(graph.user_id) ?? []).filter((i) => i < graph.events_seen).map((i) => index.model[i]!);
  return recommend(mine, isoMs(graph.computed_at), baseGraphOf(ex, program), configOf(ex, program));
}

/** Every user's recommendations (those with a graph), in the order their graphs were first made. */
export function allRecommendations(ex: ActionhubExchange, program: string): Map<string, Recommendation[]> {
  const t = ex.store.tenant(program);
  const key = (['events', 'user_graphs', 'base_graph', 'program'] as const).map((c) => t.version(c)).join('|');
  return cached(ex, `recs\0${program}`, key, () => new Map(t.values('user_graphs').map((g) => [g.user_id, recommendationsFor(ex, program, g)])));
}

/** A user graph made now, from every event logged so far (`eventsSeen`). */
export function userGraph(ex: ActionhubExchange, userId: string, eventsSeen: number): StoredUserGraph {
  return { user_id: userId, computed_at: pyIsoformat(ex.clock.nowMs()), events_seen: eventsSeen };
}

/** Label ids of the program's assets, and label weights from `PUT /labels` (by label id; 1 when none). */
export function labelLookups(ex: ActionhubExchange, program: string): { assetLabels: (assetId: string) => string[]; strength: (label: string) => number } {
  const t = ex.store.tenant(program);
  const key = `${t.version('assets')}|${t.version('labels')}`;
  const { assets, weights } = cached(ex, `labels\0${program}`, key, () => {
    const weights = new Map<string, number>();
    for (const l of t.values('labels')) {
      const id = labelIds([l.label])[0];
      if (id !== undefined && l.weight !== null) weights.set(id, l.weight);
    }
    return { assets: new Map(t.values('assets').map((a) => [a.asset_id, labelIds(a.labels)])), weights };
  });
  return { assetLabels: (id) => assets.get(id) ?? [], strength: (l) => weights.get(l) ?? 1 };
}
