import type { StateSchemas } from '../../core/service/module.js';
import type { SensuData } from './store.js';

const stringList = { type: 'array', items: { type: 'string' } };
// etcd's uint64 ids, kept as decimal strings (a JSON number would lose digits in JavaScript).
const uint64 = { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' };

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
    cluster: {
      type: 'object',
      required: ['Alarms', 'ClusterHealth', 'Header'],
      properties: {
        Alarms: { type: ['array', 'null'], items: { type: 'object', required: ['memberID', 'alarm'], properties: { memberID: uint64, alarm: { type: 'integer', minimum: 0 } } } },
        ClusterHealth: {
          type: ['array', 'null'],
          items: { type: 'object', required: ['MemberID', 'Name', 'Err', 'Healthy'], properties: { MemberID: uint64, Name: { type: 'string' }, Err: { type: 'string' }, Healthy: { type: 'boolean' } } },
        },
        Header: {
          type: ['object', 'null'],
          required: ['cluster_id', 'member_id', 'raft_term'],
          properties: { cluster_id: uint64, member_id: uint64, revision: { type: 'integer', minimum: 0 }, raft_term: { type: 'integer', minimum: 0 } },
        },
      },
    },
  },
};
