import { ServiceError } from '../../core/pipeline/problems.js';
import type { Handler, OperationExchange, WireResponse } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import { Code, type SensuProblem } from './errors.js';
import { paginate } from './pagination.js';
import { addNamespace, isValidNamespaceName, removeNamespace, sortedNamespaces, storeNamespace } from './namespace-store.js';
import type { components } from './openapi.generated.js';

/** The body as the spec validated it (types only; Go's zero values fill the gaps). */
type NamespaceInput = components['schemas']['NamespaceInput'];

const handlerError = (code: number, message: string) => new ServiceError<SensuProblem>({ kind: 'handler_error', code, message });
const CREATED: WireResponse = { status: 201, contentType: 'application/json' };

function bodyName(ctx: OperationExchange<SensuData>): string {
  const name = (ctx.body as NamespaceInput | undefined)?.name;
  return typeof name === 'string' ? name : '';
}

/** Store Validate: every failure is `invalid argument(s) received` in 5.11 (the reason is only logged). */
function validate(ctx: OperationExchange<SensuData>, name: string): void {
  if (isValidNamespaceName(name)) return;
  ctx.log.debug({ reason: name ? 'namespace name cannot contain spaces or special characters' : 'namespace name must not be empty' }, 'sensu: namespace refused');
  throw handlerError(Code.InvalidArgument, 'invalid argument(s) received');
}

export const listNamespaces: Handler<SensuData> = (_req, ctx) => {
  const { items, next } = paginate(sortedNamespaces(ctx), (n) => n.name, ctx.query);
  return { status: 200, json: items.map((n) => ({ name: n.name })), ...(next ? { headers: { 'Sensu-Continue': next } } : {}) };
};

export const getNamespace: Handler<SensuData> = (_req, ctx) => {
  const ns = ctx.store.shared.get('namespaces', ctx.params['namespace']!);
  if (!ns) throw handlerError(Code.NotFound, 'not found');
  return { status: 200, json: { name: ns.name } };
};

/** POST (5.11's CreateResource): decode, Validate, then the key must be free (409). */
export const createNamespace: Handler<SensuData> = async (_req, ctx) => {
  const name = bodyName(ctx);
  validate(ctx, name);
  if (!(await addNamespace(ctx, name))) throw handlerError(Code.AlreadyExists, 'resource already exists');
  return CREATED;
};

/** PUT (5.11's CreateOrUpdateResource): CheckMeta's name against the URL's, Validate, then store: 201 either way. */
export const putNamespace: Handler<SensuData> = async (_req, ctx) => {
  const name = bodyName(ctx);
  const inUrl = ctx.params['namespace']!;
  if (name !== inUrl) throw handlerError(Code.InvalidArgument, `the name of the resource (${name}) does not match the name of the URI (${inUrl})`);
  validate(ctx, name);
  await storeNamespace(ctx, name);
  return CREATED;
};

/** DELETE (5.11's DeleteResource): 204 with an empty JSON-typed answer, 404 when there is none. */
export const deleteNamespace: Handler<SensuData> = async (_req, ctx) => {
  if (!(await removeNamespace(ctx, ctx.params['namespace']!))) throw handlerError(Code.NotFound, 'not found');
  return { status: 204, contentType: 'application/json' };
};
