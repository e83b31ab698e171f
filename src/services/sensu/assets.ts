import { ServiceError } from '../../core/pipeline/problems.js';
import type { Handler, OperationExchange, WireResponse } from '../../core/service/module.js';
import type { SensuData, StoredAsset } from './store.js';
import { Code, type SensuProblem } from './errors.js';
import { toStored, toWire, type AssetInput } from './asset-json.js';
import { GoRaw, goMarshal } from './go-json.js';
import { validateAsset } from './validate.js';
import { paginate } from './pagination.js';

const handlerError = (code: number, message: string) => new ServiceError<SensuProblem>({ kind: 'handler_error', code, message });
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Stored assets never change (a write stores a new object), so each one's JSON is made once.
const marshalled = new WeakMap<StoredAsset, GoRaw>();
function wireJson(a: StoredAsset): GoRaw {
  let raw = marshalled.get(a);
  if (!raw) marshalled.set(a, (raw = new GoRaw(goMarshal(toWire(a)))));
  return raw;
}

function page(sorted: StoredAsset[], key: (a: StoredAsset) => string, query: Record<string, unknown>): WireResponse {
  const { items, next } = paginate(sorted, key, query);
  return { status: 200, json: items.map(wireJson), ...(next ? { headers: { 'Sensu-Continue': next } } : {}) };
}

function isWire(v: unknown): v is WireResponse {
  return typeof v === 'object' && v !== null && typeof (v as { status?: unknown }).status === 'number';
}

/**
 * A page's bytes are reused until the namespace's assets change (list reads are the hot path of a
 * monitoring client). The key holds everything the answer depends on.
 */
function cachedPage(ctx: OperationExchange<SensuData>, key: string, make: () => WireResponse): WireResponse {
  const hit = ctx.ephemeral.get(key);
  if (isWire(hit)) return hit;
  const wire = make();
  const raw = Buffer.from(goMarshal(wire.json));
  const cached: WireResponse = { ...wire, json: undefined, raw, contentType: 'application/json' };
  if (ctx.ephemeral.size > 256) for (const k of ctx.ephemeral.keys()) if (k.startsWith('page:')) ctx.ephemeral.delete(k);
  ctx.ephemeral.set(key, cached);
  return cached;
}

export const listAssets: Handler<SensuData> = (_req, ctx) => {
  const ns = ctx.params['namespace']!;
  const tenant = ctx.store.tenant(ns);
  const q = ctx.query;
  const key = `page:${ctx.sandbox}\0${ns}\0${tenant.version('assets')}\0${String(q['limit'])}\0${String(q['continue'])}`;
  return cachedPage(ctx, key, () => page(tenant.values('assets').sort((a, b) => byteOrder(a.metadata.name, b.metadata.name)), (a) => a.metadata.name, q));
};

export const listAllAssets: Handler<SensuData> = (_req, ctx) => {
  const key = (a: StoredAsset) => `${a.metadata.namespace}/${a.metadata.name}`;
  const all = ctx.store.tenantKeys().flatMap((ns) => ctx.store.tenant(ns).values('assets'));
  return page(all.sort((a, b) => byteOrder(key(a), key(b))), key, ctx.query);
};

export const getAsset: Handler<SensuData> = (_req, ctx) => {
  const asset = ctx.store.tenant(ctx.params['namespace']!).get('assets', ctx.params['name']!);
  if (!asset) throw handlerError(Code.NotFound, 'not found');
  return { status: 200, json: wireJson(asset) };
};

/**
 * POST and PUT, in 5.11's order (5.11.0 backend/apid/actions/assets.go): CheckMeta (namespace, then on PUT the name), Validate
 * (every failure is `invalid argument(s) received`), the namespace must exist (else a 500), then on
 * POST the name must be free (409). Validation comes before existence.
 */
async function store(ctx: OperationExchange<SensuData>, body: AssetInput | undefined, mode: 'create' | 'put'): Promise<WireResponse> {
  const ns = ctx.params['namespace']!;
  const asset = toStored(body);
  if (asset.metadata.namespace !== ns) {
    throw handlerError(Code.InvalidArgument, `the namespace of the resource (${asset.metadata.namespace}) does not match the namespace of the URI (${ns})`);
  }
  if (mode === 'put' && asset.metadata.name !== ctx.params['name']) {
    throw handlerError(Code.InvalidArgument, `the name of the resource (${asset.metadata.name}) does not match the name of the URI (${ctx.params['name']})`);
  }
  const invalid = await validateAsset(asset);
  if (invalid) {
    ctx.log.debug({ reason: invalid }, 'sensu: asset refused (5.11 sends only "invalid argument(s) received")');
    throw handlerError(Code.InvalidArgument, 'invalid argument(s) received');
  }
  if (!ctx.store.shared.has('namespaces', ns)) throw handlerError(Code.Internal, `the namespace ${ns} does not exist`);
  if (mode === 'create' && ctx.store.tenant(ns).has('assets', asset.metadata.name)) throw handlerError(Code.AlreadyExists, 'resource already exists');
  await ctx.store.write((tx) => tx.tenant(ns).put('assets', asset.metadata.name, asset));
  return { status: 201, contentType: 'application/json' };
}

export const createAsset: Handler<SensuData> = (_req, ctx) => store(ctx, ctx.body as AssetInput | undefined, 'create');
export const putAsset: Handler<SensuData> = (_req, ctx) => store(ctx, ctx.body as AssetInput | undefined, 'put');
