import { pageQuery, paginate, programId } from './page.js';
import { PyFloat } from './python-print.js';
import { queryNumber, type ActionhubExchange, type ActionhubHandler } from './request.js';
import { isMember, round4, segmentWeights, type SegmentType } from './model.js';
import { allRecommendations, labelLookups } from './graphs.js';

type Basis = 'asset' | 'label';

/** Every user's weight in every segment of a type and basis, by user (see model.ts, step 6). */
function weightsByUser(ex: ActionhubExchange, program: string, type: SegmentType, basis: Basis): Map<string, Map<string, number>> {
  const { assetLabels, strength } = labelLookups(ex, program);
  const out = new Map<string, Map<string, number>>();
  for (const [user, recs] of allRecommendations(ex, program)) out.set(user, segmentWeights(recs, type, basis, assetLabels, strength));
  return out;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A comma-delimited list, each item trimmed, empty ones dropped. */
const commaList = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const getSegments: ActionhubHandler = (_req, ex) => {
  const program = programId(ex);
  const type = String(ex.query['segment_type'] ?? 'growth') as SegmentType;
  const basis: Basis = ex.query['segment_basis'] === 'assets' ? 'asset' : 'label';
  const minWeight = queryNumber(ex, 'min_weight');
  const counts = new Map<string, { count: number; sum: number }>();
  for (const weights of weightsByUser(ex, program, type, basis).values()) {
    for (const [key, w] of weights) {
      if (!isMember(w, minWeight)) continue;
      const c = counts.get(key) ?? { count: 0, sum: 0 };
      counts.set(key, { count: c.count + 1, sum: c.sum + w });
    }
  }
  const assets = ex.store.tenant(program);
  const segments = [...counts]
    .map(([key, { count, sum }]) => {
      const [actionType, basisId] = JSON.parse(key) as [string, string];
      return { actionType, basisId, count, strength: round4(sum / count) };
    })
    .sort((x, y) => y.count - x.count || y.strength - x.strength || byText(x.actionType, y.actionType) || byText(x.basisId, y.basisId));
  const page = paginate(segments, { ...pageQuery(ex), search: '' }, () => [], (s) => ({
    segment_type: type,
    segment_basis: basis,
    segment_basis_id: s.basisId,
    action_type: s.actionType,
    name: basis === 'asset' ? (assets.get('assets', s.basisId)?.asset_name ?? s.basisId) : s.basisId,
    user_count: s.count,
    strength: new PyFloat(s.strength),
    // ASSUMED: NaN and ±inf, which Python's float() reads, cannot be JSON; they are echoed as null.
    min_weight: Number.isFinite(minWeight) ? new PyFloat(minWeight) : null,
  }));
  return { status: 200, json: page };
};

/**
 * The users of a segment, one id a line (sorted, no trailing newline). Asset ids win over labels; with
 * neither, nobody (ASSUMED). A user matches a basis id when one of their weights of a listed action type
 * (any type when none is listed) on it makes them a member; `all` needs every listed id.
 */
export const getSegment: ActionhubHandler = (_req, ex) => {
  const program = programId(ex);
  const assetIds = commaList(ex.query['asset_ids']);
  const basis: Basis = assetIds.length ? 'asset' : 'label';
  const ids = assetIds.length ? assetIds : commaList(ex.query['labels']);
  const types = new Set(commaList(ex.query['action_types']));
  const every = ex.query['match_type'] === 'all';
  const minWeight = queryNumber(ex, 'min_weight');
  const users: string[] = [];
  if (ids.length) {
    for (const [user, weights] of weightsByUser(ex, program, String(ex.query['segment_type'] ?? 'growth') as SegmentType, basis)) {
      const matched = new Set<string>();
      for (const [key, w] of weights) {
        const [actionType, basisId] = JSON.parse(key) as [string, string];
        if ((!types.size || types.has(actionType)) && isMember(w, minWeight)) matched.add(basisId.trim());
      }
      if (every ? ids.every((id) => matched.has(id)) : ids.some((id) => matched.has(id))) users.push(user);
    }
  }
  return { status: 200, raw: users.sort(byText).join('\n'), contentType: 'text/plain; charset=utf-8' };
};
