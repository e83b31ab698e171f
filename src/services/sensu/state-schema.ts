import type { StateSchemas } from '../../core/service/module.js';
import type { SensuData } from './store.js';

const stringList = { type: 'array', items: { type: 'string' } };

/**
 * Records as store.ts types them. An asset is the spec's Asset after toStored: url and sha512 always
 * present (maybe empty), metadata with its name and namespace.
 */
export const stateSchemas: StateSchemas<SensuData> = {
  tenant: {
    assets: {
      allOf: [{ $ref: '#/components/schemas/Asset' }],
      required: ['url', 'sha512', 'filters', 'metadata', 'headers'],
      properties: { metadata: { required: ['name', 'namespace'] } },
    },
  },
  shared: {
    users: { type: 'object', required: ['password', 'groups'], properties: { password: { type: 'string' }, groups: stringList, disabled: { type: 'boolean' } } },
    namespaces: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    access_list: { type: 'object', required: ['sub', 'kind'], properties: { sub: { type: 'string' }, kind: { enum: ['access', 'refresh'] }, exp: { type: 'number' } } },
    secrets: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } },
  },
};
