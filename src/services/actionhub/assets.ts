import { setOwn } from '../../core/state/own.js';
import type { operations } from './openapi.generated.js';
import type { StoredAsset } from './store.js';
import type { ActionhubHandler } from './request.js';
import { pageQuery, paginate, programId } from './page.js';

type AssetList = operations['post_assets']['requestBody']['content']['application/json'];

/** NaN/Infinity (which Python's JSON accepts) cannot be stored as JSON; they become null. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.some((v) => typeof v === 'object' || typeof v === 'number' && !Number.isFinite(v)) ? value.map(jsonSafe) : value;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, jsonSafe(v));
    return out;
  }
  return value;
}

export const postAssets: ActionhubHandler = async (_req, ctx) => {
  const { assets } = ctx.body as AssetList;
  const program = programId(ctx);
  await ctx.store.write((tx) => {
    const tenant = tx.tenant(program);
    // An upsert replaces the stored asset; a repeated asset_id in one request: the last wins.
    for (const a of assets) {
      const stored: StoredAsset = { asset_id: a.asset_id, asset_name: a.asset_name ?? null, labels: a.labels == null ? null : (jsonSafe(a.labels) as unknown[]) };
      tenant.put('assets', a.asset_id, stored);
    }
  });
  return { status: 200, json: { result: `${assets.length} assets upserted` } };
};

export const getAssets: ActionhubHandler = (_req, ctx) => {
  const all = ctx.store.tenant(programId(ctx)).values('assets');
  return { status: 200, json: paginate(all, pageQuery(ctx), (a) => [a.asset_id, a.asset_name], (a) => a) };
};
