import type { SpecOperation } from '../../core/boot/spec.js';

/** What 5.11's AuthorizationAttributes middleware reads off a routed request (5.11.0 backend/apid/middlewares/authorization_attributes.go). */
export interface Attributes {
  verb: 'get' | 'list' | 'create' | 'update' | 'delete' | '';
  resource: string;
}

interface Rule {
  verbs: string[];
  resources: string[];
}

/** The ClusterRoles 5.11 seeds and the groups its ClusterRoleBindings give them to (5.11.0 backend/seeds/seeds.go). */
const ROLES_BY_GROUP: Readonly<Record<string, Rule[]>> = {
  'cluster-admins': [{ verbs: ['*'], resources: ['*'] }], // cluster-admin
  'system:agents': [{ verbs: ['*'], resources: ['events'] }], // system:agent
  'system:users': [
    // system:user, which every login gets
    { verbs: ['get', 'update'], resources: ['localselfuser'] },
    { verbs: ['get', 'list'], resources: ['namespaces'] },
  ],
};

const VERBS: Readonly<Record<string, Attributes['verb']>> = { post: 'create', get: 'get', head: 'get', put: 'update', delete: 'delete' };

/**
 * The verb from the method (a GET without a resource name is a `list`) and the resource from the route:
 * `/api/core/v2/namespaces/{namespace}/assets[/{name}]`, `/api/core/v2/assets`, `/api/core/v2/namespaces[/{namespace}]`.
 */
export function attributesOf(op: SpecOperation): Attributes {
  let attrs = byOperation.get(op);
  if (!attrs) byOperation.set(op, (attrs = readAttributes(op)));
  return attrs;
}

const byOperation = new WeakMap<SpecOperation, Attributes>();

function readAttributes(op: SpecOperation): Attributes {
  const parts = op.path.replace(/^\/api\/core\/v2\//, '').split('/');
  const rest = parts[0] === 'namespaces' && parts.length > 2 ? parts.slice(2) : parts;
  const named = rest.length > 1;
  const verb = VERBS[op.method.toLowerCase()] ?? '';
  return { verb: verb === 'get' && !named ? 'list' : verb, resource: rest[0]! };
}

/** Whether any role the groups hold allows the verb on the resource (5.11's rbac.Authorizer over the seeded bindings). */
export function authorized(groups: readonly string[], { verb, resource }: Attributes): boolean {
  if (!verb) return false;
  return groups.some((g) =>
    (ROLES_BY_GROUP[g] ?? []).some((r) => (r.verbs.includes('*') || r.verbs.includes(verb)) && (r.resources.includes('*') || r.resources.includes(resource))),
  );
}
