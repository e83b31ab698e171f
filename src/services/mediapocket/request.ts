import type { Request } from 'express';
import type { ParsedQs } from 'qs';
import { ServiceError } from '../../core/problem.js';
import type { ServiceContext, Stage } from '../../core/service-module.js';
import type { MediapocketData, StoredUser } from './store.js';
import type { MediapocketProblem } from './errors.js';

const callers = new WeakMap<Request, StoredUser>();

/** The X-API-KEY check, before anything else (401, ASSUMED body `{"error":"Unauthorized"}`). */
export const authenticate: Stage<MediapocketData> = (req, ctx) => {
  const key = req.headers['x-api-key'];
  const apiKey = typeof key === 'string' ? ctx.store.shared.get('api_keys', key) : undefined;
  const user = apiKey ? ctx.store.shared.get('users', String(apiKey.user_id)) : undefined;
  if (!user) throw new ServiceError<MediapocketProblem>({ kind: 'unauthorized' });
  callers.set(req, user);
};

/** The key's user (set by `authenticate`, which runs first on every call). */
export function caller(req: Request): StoredUser {
  const user = callers.get(req);
  if (!user) throw new Error('mediapocket: no authenticated user on this request');
  return user;
}

/** The caller's account: the tenant all of their data lives in. */
export function account(req: Request, ctx: ServiceContext<MediapocketData>) {
  return ctx.store.tenant(caller(req).account);
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * The body as Rails' params see it: a form body parsed as Rails does (`tags[]=a`, `url[file_url]=x`), a
 * JSON value that is not an object moved aside (`_json`), nothing at all an empty set of params. Then
 * every operation is validated like apipie validates params, whatever the Content-Type was.
 */
export const asRailsParams: Stage<MediapocketData> = async (req) => {
  const type = req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  // qs is loaded on the first form body, not at startup.
  if (type === FORM && typeof req.body === 'string') req.body = (await import('qs')).parse(req.body, { depth: 5, arrayLimit: 1000 }) satisfies ParsedQs;
  else if (typeof req.body === 'string' || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) req.body = {};
  req.headers['content-type'] = 'application/json';
};
