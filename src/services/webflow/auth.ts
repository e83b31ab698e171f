import { ServiceError } from '../../core/pipeline/problems.js';
import type { Stage } from '../../core/service/module.js';
import type { Token, WebflowData } from './store.js';
import type { WebflowExchange, WebflowOperation, WebflowScratch } from './scratch.js';
import { SITE_NOT_FOUND, webflowError, type WebflowProblem } from './errors.js';
import { countRequest } from './rate-limit.js';
import { checkId } from './ids.js';

const fail = (status: number, code: string, message: string) => new ServiceError<WebflowProblem>(webflowError(status, code, message));

/** The scopes the spec says this operation needs (the same under the bearer and the OAuth2 scheme). */
function requiredScopes(ctx: WebflowOperation): string[] {
  const security = (ctx.operation.operation.security ?? []) as Record<string, string[]>[];
  return [...new Set(security.flatMap((s) => Object.values(s).flat()))];
}

/**
 * Token (401 not_authorized), rate limit (429), scope (403 missing_scopes), then the site in the path:
 * 404 when it does not exist, 403 forbidden when the token cannot reach it (Webflow's API reference; the order is ASSUMED).
 */
export const authorize: Stage<WebflowData, WebflowScratch> = (req, ctx) => {
  const value = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = value ? ctx.store.shared.get('tokens', value) : undefined;
  if (!value || !token) throw fail(401, 'not_authorized', 'Request not authorized');
  const counted = countRequest(ctx, value, token);
  // Counted in the shared database, the rest waits for the count (a 429 comes before a 403).
  return counted ? counted.then(() => permitted(ctx, token)) : permitted(ctx, token);
};

function permitted(ctx: WebflowOperation, token: Token): void {
  const missing = requiredScopes(ctx).filter((s) => !token.scopes.includes(s));
  // Live bodies quote the scope (`- 'sites:read'`); how several are joined is ASSUMED (every operation needs one).
  if (missing.length) throw fail(403, 'missing_scopes', `OAuthForbidden: You are missing the following scopes - ${missing.map((s) => `'${s}'`).join(', ')}`);
  const siteId = ctx.params['site_id'];
  if (siteId !== undefined) {
    checkId(siteId);
    if (!ctx.store.shared.has('sites', siteId)) throw fail(404, 'resource_not_found', SITE_NOT_FOUND);
    if (!token.site_ids.includes(siteId)) throw fail(403, 'forbidden', 'User is not authorized to perform this action');
    ctx.tenant = siteId;
  }
  ctx.scratch.token = token;
}

/** The caller's token (set by `authorize`, which runs first). */
export function callerToken(ex: WebflowExchange): Token {
  const t = ex.scratch.token;
  if (!t) throw new Error('webflow: no authorized token on this request');
  return t;
}
