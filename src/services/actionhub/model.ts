/**
 * ActionHub's recommendation model as Standin computes it: deterministic and explainable, every weight
 * traceable to events, decay and co-occurrence counts (ASSUMED: ActionHub's docs fix the vocabulary —
 * growth and base weights, engaged users, half-life, floor, segments — not the math).
 *
 * How weights come about:
 * 1. An action is an `event_type` on an `asset_id`. An event weighs `0.5 ^ (age / half-life)`, its age
 *    in days counted from when the user's graph was made (never below 0), the half-life being the
 *    program's `event_relevance_decay` (null or ≤ 0: no decay). Every event type weighs the same.
 * 2. `base(u, b)` is the sum of the weights of user u's events on action b (0 for an action not taken).
 * 3. The base graph (built at a program rebase) counts, among the highly engaged users — those with at
 *    least `high_engagement_threshold` distinct actions (null: 1), or every user when none is —
 *    `takers(a)`, the users who took action a, and `together(a, b)`, those who took both a and b.
 * 4. `growth(u, b) = base(u, b) + Σ base(u, a) · together(a, b) / takers(a)` over the other actions a the
 *    user took: the user's own repeat weight plus what similar users went on to do. The candidates are
 *    the user's own actions and every action that co-occurs with one; those with a growth weight above 0
 *    and at or above `action_weight_floor` (null: 0) are the user's recommendations.
 * 5. A user's label weight is the sum of the growth weights of the recommendations whose labels (the
 *    asset's, and those the user's events put on that action) include it, times the label's own weight
 *    from `PUT /labels` (1 when it has none).
 * 6. Segments: a user's weight for an action is its growth weight (`growth`), its base weight (`base`),
 *    or its growth weight when the user never took it (`discovery`); for a label and an action type, the
 *    sum of those weights over the recommendations of that type carrying the label, times the label's
 *    weight. The user is a member when that weight is above 0 and at least `min_weight`.
 * Weights are answered rounded to 4 decimals, and compared and sorted as answered.
 */

import { pyNumberStr } from './python-print.js';

/** An event as the model reads it. */
export interface ModelEvent {
  user_id: string;
  /** When it happened, in epoch milliseconds. */
  ms: number;
  event_type: string;
  asset_id: string;
  /** The labels the event carried, as label ids (see `labelId`). */
  labels: string[];
}

export interface ModelConfig {
  /** `event_relevance_decay`: days for an event to lose half its weight. */
  halfLifeDays: number | null;
  /** `action_weight_floor`. */
  floor: number | null;
}

export interface BaseGraph {
  /** The highly engaged users it counts. */
  users: number;
  /** Per action: how many of them took it. */
  takers: Map<string, number>;
  /** Per action a, per other action b: how many took both. */
  together: Map<string, Map<string, number>>;
}

/** One recommended action for one user, with unrounded weights. */
export interface Recommendation {
  event_type: string;
  asset_id: string;
  base: number;
  growth: number;
  /** Labels the user's own events attached to this action. */
  eventLabels: Set<string>;
}

export type SegmentType = 'base' | 'discovery' | 'growth';

const DAY_MS = 86_400_000;

/** An action's key: unambiguous for any pair of strings. */
export const actionKey = (eventType: string, assetId: string): string => JSON.stringify([eventType, assetId]);

export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A label as the model counts it: text trimmed of spaces (an empty one is no label); a number or a
 * boolean as Python prints it; anything else is ignored.
 */
export function labelId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' && Number.isFinite(value)) return pyNumberStr(value, undefined);
  return undefined;
}

/** The label ids of a list of labels as stored (any JSON), each once, in order. */
export function labelIds(values: readonly unknown[] | null | undefined): string[] {
  const out = new Set<string>();
  for (const v of values ?? []) {
    const id = labelId(v);
    if (id !== undefined) out.add(id);
  }
  return [...out];
}

export function eventWeight(ageMs: number, halfLifeDays: number | null): number {
  if (!halfLifeDays || halfLifeDays <= 0) return 1;
  return 0.5 ** (Math.max(0, ageMs) / DAY_MS / halfLifeDays);
}

/** Step 3: the base graph of a program's events. */
export function buildBaseGraph(events: readonly ModelEvent[], threshold: number | null): BaseGraph {
  const byUser = new Map<string, Set<string>>();
  for (const e of events) {
    let taken = byUser.get(e.user_id);
    if (!taken) byUser.set(e.user_id, (taken = new Set()));
    taken.add(actionKey(e.event_type, e.asset_id));
  }
  const min = Math.max(1, threshold ?? 1);
  let engaged = [...byUser.values()].filter((taken) => taken.size >= min);
  if (!engaged.length) engaged = [...byUser.values()];
  const takers = new Map<string, number>();
  const together = new Map<string, Map<string, number>>();
  for (const taken of engaged) {
    for (const a of taken) {
      takers.set(a, (takers.get(a) ?? 0) + 1);
      let row = together.get(a);
      if (!row) together.set(a, (row = new Map()));
      for (const b of taken) if (b !== a) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  return { users: engaged.length, takers, together };
}

/** Steps 1, 2 and 4: one user's recommendations, best first. `events` are the user's, `at` when the graph was made. */
export function recommend(events: readonly ModelEvent[], at: number, graph: BaseGraph | undefined, config: ModelConfig): Recommendation[] {
  const own = new Map<string, Recommendation>();
  for (const e of events) {
    const key = actionKey(e.event_type, e.asset_id);
    let r = own.get(key);
    if (!r) own.set(key, (r = { event_type: e.event_type, asset_id: e.asset_id, base: 0, growth: 0, eventLabels: new Set() }));
    r.base += eventWeight(at - e.ms, config.halfLifeDays);
    for (const l of e.labels) r.eventLabels.add(l);
  }
  const all = new Map(own);
  for (const [a, taken] of own) {
    const takers = graph?.takers.get(a);
    if (!takers) continue;
    for (const [b, both] of graph!.together.get(a) ?? []) {
      let r = all.get(b);
      if (!r) {
        const [eventType, assetId] = JSON.parse(b) as [string, string];
        all.set(b, (r = { event_type: eventType, asset_id: assetId, base: 0, growth: 0, eventLabels: new Set() }));
      }
      r.growth += (taken.base * both) / takers;
    }
  }
  const floor = config.floor ?? 0;
  const out: Recommendation[] = [];
  for (const r of all.values()) {
    r.growth += r.base;
    const g = round4(r.growth);
    if (g > 0 && g >= floor) out.push(r);
  }
  return out.sort(
    (x, y) => round4(y.growth) - round4(x.growth) || round4(y.base) - round4(x.base) || byText(x.event_type, y.event_type) || byText(x.asset_id, y.asset_id),
  );
}

/** A recommendation's labels: its asset's and the ones the user's events attached. */
export function labelsOf(r: Recommendation, assetLabels: (assetId: string) => readonly string[]): Set<string> {
  return new Set([...assetLabels(r.asset_id), ...r.eventLabels]);
}

/** Step 5: a user's label weights, highest first. */
export function userLabels(recs: readonly Recommendation[], assetLabels: (assetId: string) => readonly string[], strength: (label: string) => number): [string, number][] {
  const sums = new Map<string, number>();
  for (const r of recs) for (const l of labelsOf(r, assetLabels)) sums.set(l, (sums.get(l) ?? 0) + r.growth * strength(l));
  return [...sums].map(([l, w]): [string, number] => [l, round4(w)]).sort((x, y) => y[1] - x[1] || byText(x[0], y[0]));
}

/** Step 6: a recommendation's weight in segments of a type. */
export function segmentWeight(r: Recommendation, type: SegmentType): number {
  if (type === 'base') return r.base;
  if (type === 'discovery') return r.base > 0 ? 0 : r.growth;
  return r.growth;
}

/**
 * Step 6: one user's weight in every segment of a type and basis, by `actionKey(action type, basis id)`
 * (the basis id being the asset id, or the label).
 */
export function segmentWeights(
  recs: readonly Recommendation[],
  type: SegmentType,
  basis: 'asset' | 'label',
  assetLabels: (assetId: string) => readonly string[],
  strength: (label: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  for (const r of recs) {
    const w = segmentWeight(r, type);
    if (w === 0) continue;
    if (basis === 'asset') add(actionKey(r.event_type, r.asset_id), w);
    else for (const l of labelsOf(r, assetLabels)) add(actionKey(r.event_type, l), w * strength(l));
  }
  for (const [k, w] of out) out.set(k, round4(w));
  return out;
}

/** Whether a user weight makes the user a member of a segment with this cutoff. */
export const isMember = (weight: number, minWeight: number): boolean => weight > 0 && weight >= minWeight;
