import type { ParsedQs } from 'qs';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { Exchange, Stage } from '../../core/service/module.js';
import type { MediapocketData, StoredUser } from './store.js';
import type { MediapocketProblem } from './errors.js';
import type { MediapocketExchange, MediapocketScratch } from './scratch.js';

export type { MediapocketExchange, MediapocketHandler, MediapocketScratch } from './scratch.js';

/** The X-API-KEY check, before anything else (401, ASSUMED body `{"error":"Unauthorized"}`). */
export const authenticate: Stage<MediapocketData, MediapocketScratch> = (req, ex) => {
  const key = req.headers['x-api-key'];
  const apiKey = typeof key === 'string' ? ex.store.shared.get('api_keys', key) : undefined;
  const user = apiKey ? ex.store.shared.get('users', String(apiKey.user_id)) : undefined;
  if (!user) throw new ServiceError<MediapocketProblem>({ kind: 'unauthorized' });
  ex.scratch.caller = user;
  ex.tenant = user.account;
};

/** The key's user (set by `authenticate`, which runs first on every call). */
export function caller(ex: MediapocketExchange): StoredUser {
  const user = ex.scratch.caller;
  if (!user) throw new Error('mediapocket: no authenticated user on this request');
  return user;
}

/** The caller's account: the tenant all of their data lives in. */
export function account(ex: MediapocketExchange) {
  return ex.store.tenant(caller(ex).account);
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
 * query string, which wins (ActionDispatch `request_parameters.merge(query_parameters)`). apipie then
 * validates these params for every operation, whatever the Content-Type was.
 */
export async function railsParams(ex: Exchange<MediapocketData, MediapocketScratch>): Promise<Params> {
  let body: Params = {};
  // qs is loaded on the first form body or query string, not at startup.
  if (mediaType(ex.req.headers['content-type']) === FORM && typeof ex.body === 'string') body = await parseRack(ex.body);
  else if (typeof ex.body === 'object' && ex.body !== null && !Array.isArray(ex.body)) body = ex.body as Params;
  const query = ex.rawQuery ? await parseRack(ex.rawQuery) : {};
  return Object.keys(query).length ? { ...body, ...query } : body;
}
