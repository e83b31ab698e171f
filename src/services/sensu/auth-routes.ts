import type { Request } from 'express';
import { ServiceError } from '../../core/problem.js';
import type { Handler, Stage } from '../../core/service-module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';
import { isAccessClaims, isRefreshClaims, mintAccess, mintTokens, verifyToken, type AccessClaims, type RefreshClaims, type SensuContext } from './tokens.js';

const plain = (status: number, text: string) => new ServiceError<SensuProblem>({ kind: 'http_error', status, text });

/** Go's r.BasicAuth(): the user and password, or undefined when the header is not valid Basic. */
function basicAuth(req: Request): { user: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const raw = header.slice('Basic '.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw) || raw.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function checkUser(ctx: SensuContext, creds: { user: string; password: string } | undefined) {
  const user = creds ? ctx.store.shared.get('users', creds.user) : undefined;
  return user && !user.disabled && user.password === creds!.password ? user : undefined;
}

function bearer(req: Request): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
}

const bearers = new WeakMap<Request, AccessClaims>();

/**
 * The first half of the RefreshToken middleware of /auth/token and /auth/logout (research §7.3): a valid,
 * possibly expired, access token, checked before the body is read (so it beats a body Go cannot decode).
 */
export const requireBearer: Stage<SensuData> = async (req, ctx) => {
  if (ctx.operation.operationId !== 'refresh_token' && ctx.operation.operationId !== 'logout') return;
  const access = await verifyToken(ctx, bearer(req), true);
  if (typeof access === 'string' || !isAccessClaims(access)) throw plain(401, 'Request unauthorized');
  bearers.set(req, access);
};

/** The second half: a refresh token of the same user that is still in the access list. */
async function refreshGate(req: Request, ctx: SensuContext): Promise<{ access: AccessClaims; refresh: RefreshClaims }> {
  const access = bearers.get(req);
  if (!access) throw plain(401, 'Request unauthorized');
  const body = (req.body ?? {}) as { refresh_token?: string | null };
  const refresh = await verifyToken(ctx, body.refresh_token ?? '', true);
  if (typeof refresh === 'string' || !isRefreshClaims(refresh) || refresh.sub !== access.sub) throw plain(401, 'Request unauthorized');
  if (!ctx.store.shared.has('access_list', refresh.jti)) throw plain(401, 'Unauthorized');
  return { access, refresh };
}

export const login: Handler<SensuData> = async (req, ctx) => {
  if (!req.headers.authorization?.startsWith('Basic ')) {
    // Not Basic: the RefreshToken middleware wants a bearer token, and the handler then finds no Basic credentials.
    const claims = await verifyToken(ctx, bearer(req), true);
    throw plain(401, typeof claims === 'string' ? 'Request unauthorized' : 'Unauthorized');
  }
  const creds = basicAuth(req);
  const user = checkUser(ctx, creds);
  if (!user) throw plain(401, 'Unauthorized');
  return { status: 200, json: await mintTokens(ctx, creds!.user, user.groups) };
};

export const testCredentials: Handler<SensuData> = (req, ctx) => {
  if (!checkUser(ctx, basicAuth(req))) throw plain(401, 'Request unauthorized');
  return { status: 200, contentType: null };
};

export const refreshToken: Handler<SensuData> = async (req, ctx) => {
  const { access } = await refreshGate(req, ctx);
  const accessToken = await mintAccess(ctx, access);
  const refreshText = (req.body as { refresh_token: string }).refresh_token;
  // 5.11 answers the OLD access token's expiry (fixed in 5.21, research §7.3).
  return { status: 200, json: { access_token: accessToken, expires_at: access.exp, refresh_token: refreshText } };
};

export const logout: Handler<SensuData> = async (req, ctx) => {
  const { access, refresh } = await refreshGate(req, ctx);
  await ctx.store.write((tx) => {
    tx.shared.delete('access_list', access.jti);
    tx.shared.delete('access_list', refresh.jti);
  });
  return { status: 200, contentType: null };
};
