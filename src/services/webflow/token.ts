import type { WebflowHandler } from './scratch.js';
import type { components } from './openapi.generated.js';
import { callerToken } from './auth.js';
import { notFound } from './find.js';
import { planLimit } from './rate-limit.js';

type Authorization = components['schemas']['Authorization'];

/**
 * The token's authorization, in the reference's key order. `lastUsed` is this call (it uses the token);
 * `application` only for an OAuth app's token (site and workspace tokens have none). Fields a token
 * stored before they existed lacks are left out.
 */
export const introspect: WebflowHandler = (_req, ctx) => {
  const t = callerToken(ctx);
  const json: Authorization = {
    authorization: {
      ...(t.authorization_id !== undefined ? { id: t.authorization_id } : {}),
      ...(t.created_on !== undefined ? { createdOn: t.created_on } : {}),
      lastUsed: ctx.clock.iso(),
      grantType: t.grant_type ?? 'client_credentials',
      rateLimit: planLimit(ctx, t),
      scope: t.scopes.join(','),
      authorizedTo: { siteIds: [...t.site_ids], workspaceIds: [...(t.workspace_ids ?? [])], userIds: t.user_id !== undefined ? [t.user_id] : [] },
    },
    ...(t.application ? { application: { id: t.application.id, description: t.application.description, homepage: t.application.homepage, displayName: t.application.displayName } } : {}),
  };
  return { status: 200, json };
};

/** The user who authorized the token. */
export const authorizedBy: WebflowHandler = (_req, ctx) => {
  const id = callerToken(ctx).user_id;
  const user = id !== undefined ? ctx.store.shared.get('users', id) : undefined;
  if (!user) throw notFound();
  return { status: 200, json: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName } };
};
