import type { components } from './openapi.generated.js';

export type AssetIn = components['schemas']['Asset'];
export type LabelIn = components['schemas']['Label'];
export type StoredAsset = components['schemas']['StoredAsset'];
export type StoredLabel = components['schemas']['StoredLabel'];

/** An `actionhub-key` the fixtures define (valid for any program-id). */
export interface ApiKey {
  description?: string;
}

/** ActionHub keeps assets and labels per program-id; keys are shared by all programs. */
export interface ActionhubData {
  tenant: { assets: StoredAsset; labels: StoredLabel };
  shared: { keys: ApiKey };
}
