import type { Request } from 'express';
import type { ParsedQs } from 'qs';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { ServiceContext, Stage } from '../../core/service/module.js';
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
// The types Rails registers for :json (Mime::Type.register "application/json", :json, %w(text/x-json application/jsonrequest)).
const RAILS_JSON = new Set(['application/json', 'text/x-json', 'application/jsonrequest']);

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]!.trim().toLowerCase();

/** Whether Rails would parse this body as JSON; any other type (`+json` ones too) gives no body params. */
export const isRailsJson = (contentType: string | undefined): boolean => RAILS_JSON.has(mediaType(contentType) ?? '');

type Params = Record<string, unknown>;

// Rack's nested-params rules, as near as qs comes: `tags[]=a`, `url[file_url]=x`, a repeated plain key keeps the last.
const parseRack = async (text: string): Promise<Params> => (await import('qs')).parse(text, { depth: 5, arrayLimit: 1000, duplicates: 'last' }) satisfies ParsedQs;

/**
 * The params as Rails builds them: the body (a form parsed as Rack does; a JSON value that is not an
 * object is filed under `_json` by Rails, so no params here; anything else nothing) merged with the
 * query string, which wins
 * (ActionDispatch `request_parameters.merge(query_parameters)`). Every operation is then validated as
 * apipie validates params, whatever the Content-Type was.
 */
export const asRailsParams: Stage<MediapocketData> = async (req) => {
  let body: Params = {};
  // qs is loaded on the first form body or query string, not at startup.
  if (mediaType(req.headers['content-type']) === FORM && typeof req.body === 'string') body = await parseRack(req.body);
  else if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) body = req.body as Params;
  const q = req.url.indexOf('?');
  const query = q >= 0 && q < req.url.length - 1 ? await parseRack(req.url.slice(q + 1)) : {};
  req.body = Object.keys(query).length ? { ...body, ...query } : body;
  req.headers['content-type'] = 'application/json';
};
