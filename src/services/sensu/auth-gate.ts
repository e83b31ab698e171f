import { ServiceError } from '../../core/pipeline/problems.js';
import type { Stage } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';
import { isAccessClaims, isRefreshClaims, verifyToken } from './tokens.js';
import { attributesOf, authorized } from './rbac.js';

const middleware = (code: 4 | 5, message: string) => new ServiceError<SensuProblem>({ kind: 'middleware_error', code, message });

/**
 * The core API's Authentication, AllowList and Authorization middlewares, in that order
 * (5.11.0 backend/apid/routers/*.go, middlewares/authentication.go, authorization.go). 5.11 takes the first Authorization value and strips a leading `Bearer `
 * (case-sensitive), so a bare JWT is accepted.
 */
export const authenticate: Stage<SensuData> = async (req, ctx) => {
  // The /auth routes check credentials themselves; /health and /version need none.
  if (!ctx.operation.path.startsWith('/api/')) return;
  ctx.tenant = ctx.params['namespace'];
  const header = req.headers.authorization ?? '';
  if (!header) throw middleware(5, 'bad credentials');
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
  const claims = await verifyToken(ctx, token, false);
  // Any token we signed passes, a refresh token too (it is in the access list), but it carries no groups: 403.
  if (typeof claims === 'string' || !isRefreshClaims(claims)) throw middleware(5, 'invalid credentials');
  if (!ctx.store.shared.has('access_list', claims.jti)) throw middleware(5, 'unauthenticated');
  if (!authorized(isAccessClaims(claims) ? claims.groups : [], attributesOf(ctx.operation))) throw middleware(4, 'unauthorized to perform action');
};
