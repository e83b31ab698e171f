import type { StateSchemas } from '../../core/service/module.js';
import type { ActionhubData } from './store.js';

/** Records as ActionHub stores them: the spec's Stored* schemas (and Program, stored as answered). */
export const stateSchemas: StateSchemas<ActionhubData> = {
  tenant: {
    program: { $ref: '#/components/schemas/Program' },
    assets: { $ref: '#/components/schemas/StoredAsset' },
    labels: { $ref: '#/components/schemas/StoredLabel' },
    events: { $ref: '#/components/schemas/StoredEvent' },
    status: { $ref: '#/components/schemas/ProgramStatus' },
    base_graph: { $ref: '#/components/schemas/StoredBaseGraph' },
    user_graphs: { $ref: '#/components/schemas/StoredUserGraph' },
  },
  shared: {
    keys: { type: 'object', properties: { description: { type: 'string' }, program_id: { type: 'string' } } },
  },
};
