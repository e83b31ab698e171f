import { GoMap } from './go-json.js';
import type { StoredAsset } from './store.js';
import type { components } from './openapi.generated.js';

type Json = Record<string, unknown>;
/** The body as the spec validated it (types only; Go's zero values fill the gaps). */
export type AssetInput = components['schemas']['AssetInput'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) Object.defineProperty(out, k, { value: str(val), enumerable: true, writable: true, configurable: true });
  return Object.keys(out).length ? out : undefined;
}

/**
 * The asset as Sensu stores it after a decode and a protobuf round trip: unknown fields dropped,
 * nulls as zero values, empty lists and maps gone (they read back as null / omitted; as 5.11's protobuf-generated JSON does).
 */
export function toStored(body: AssetInput | undefined): StoredAsset {
  const meta = body?.metadata ?? {};
  const filters = (body?.filters ?? []).map(str);
  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  return {
    url: str(body?.url),
    sha512: str(body?.sha512),
    filters: filters.length ? filters : null,
    metadata: { name: str(meta.name), namespace: str(meta.namespace), ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    headers: stringMap(body?.headers) ?? null,
  };
}

/** The asset in Go's field order `url, sha512, filters, metadata, headers`, omitempty where Go has it. */
export function toWire(a: StoredAsset): Json {
  const meta: Json = {};
  if (a.metadata.name) meta['name'] = a.metadata.name;
  if (a.metadata.namespace) meta['namespace'] = a.metadata.namespace;
  if (a.metadata.labels) meta['labels'] = new GoMap(a.metadata.labels);
  if (a.metadata.annotations) meta['annotations'] = new GoMap(a.metadata.annotations);
  const out: Json = {};
  if (a.url) out['url'] = a.url;
  if (a.sha512) out['sha512'] = a.sha512;
  out['filters'] = a.filters;
  out['metadata'] = meta;
  out['headers'] = a.headers ? new GoMap(a.headers) : null;
  return out;
}
