import type { StateSchemas } from '../../core/service/module.js';
import type { ActionhubData } from './store.js';

/** Records as ActionHub stores them: assets and labels exactly as it answers them (the spec's Stored* schemas). */
export const stateSchemas: StateSchemas<ActionhubData> = {
  tenant: {
    assets: { $ref: '#/components/schemas/StoredAsset' },
    labels: { $ref: '#/components/schemas/StoredLabel' },
  },
  shared: {
    keys: { type: 'object', properties: { description: { type: 'string' } } },
  },
};
