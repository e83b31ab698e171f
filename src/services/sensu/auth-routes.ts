import type { Request } from 'express';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { Handler, OperationExchange, Stage } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { SensuProblem } from './errors.js';
import { isAccessClaims, isRefreshClaims, mintAccess, mintTokens, verifyToken, type AccessClaims, type RefreshClaims, type SensuContext } from './tokens.js';
import { TOKENS, asGoStruct, goTypeError } from './go-types.js';
import { limitRequestQuery } from './limit-request.js';

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

/** jwt.ExtractBearerToken: the Authorization value without a leading `Bearer ` (5.11 also takes it bare). */
export function bearer(req: Request): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
}

/** The RefreshToken middleware on every /auth route lets a request through untouched when the token is Basic. */
export const passesAsBasic = (req: Request) => bearer(req).startsWith('Basic ');

/** The access token the RefreshToken middleware accepted, for the handler. */
export interface SensuScratch {
  bearer: AccessClaims;
}
type Ex = OperationExchange<SensuData, SensuScratch>;

/**
 * The first step of the RefreshToken middleware that guards every /auth route (5.11.0 backend/apid/middlewares/refresh_token.go): a
 * valid, possibly expired, access token, checked before the body is read (so it beats a body Go cannot
 * decode). On GET /auth and /auth/test a Basic header skips the middleware.
 */
export const requireBearer: Stage<SensuData, SensuScratch> = async (req, ctx) => {
  const id = ctx.operation.operationId;
  if (id !== 'refresh_token' && id !== 'logout' && ((id !== 'login' && id !== 'test_credentials') || passesAsBasic(req))) return;
  const access = await verifyToken(ctx, bearer(req), true);
  if (typeof access === 'string' || !isAccessClaims(access)) throw plain(401, 'Request unauthorized');
  ctx.scratch.bearer = access;
};

/** The body decoded into Go's Tokens. The GET routes have no body in the spec, so Go's type errors are worded here. */
function tokensBody(ctx: Ex): { refresh_token?: string | null } {
  if (ctx.operation.operation.requestBody) return (ctx.body ?? {}) as { refresh_token?: string | null };
  if (ctx.body === undefined) throw plain(400, 'EOF'); // a GET without a body
  const wrong = goTypeError(ctx.body, TOKENS);
  if (wrong) throw plain(400, wrong);
  return (asGoStruct(ctx.body, TOKENS) ?? {}) as { refresh_token?: string | null };
}

/** The rest of the RefreshToken middleware: the body's refresh token must be valid and the same user's. */
async function refreshMiddleware(ctx: Ex): Promise<{ access: AccessClaims; refresh: RefreshClaims; refreshText: string }> {
  const access = ctx.scratch.bearer;
  if (!access) throw plain(401, 'Request unauthorized');
  const refreshText = tokensBody(ctx).refresh_token ?? '';
  // jwt.ValidateToken: unlike the access token, this one must not be expired.
  const refresh = await verifyToken(ctx, refreshText, false);
  if (typeof refresh === 'string' || !isRefreshClaims(refresh) || refresh.sub !== access.sub) throw plain(401, 'Request unauthorized');
  return { access, refresh, refreshText };
}

/** /auth/token and /auth/logout: the middleware, LimitRequest, then the refresh token must still be in the access list. */
async function refreshGate(ctx: Ex): Promise<{ access: AccessClaims; refresh: RefreshClaims; refreshText: string }> {
  const gate = await refreshMiddleware(ctx);
  limitRequestQuery(ctx);
  if (!ctx.store.shared.has('access_list', gate.refresh.jti)) throw plain(401, 'Unauthorized');
  return gate;
}

export const login: Handler<SensuData, SensuScratch> = async (req, ctx) => {
  if (!passesAsBasic(req)) {
    // A bearer token went through the RefreshToken middleware; the handler then finds no Basic credentials.
    await refreshMiddleware(ctx);
    limitRequestQuery(ctx);
    throw plain(401, 'Unauthorized');
  }
  limitRequestQuery(ctx);
  const creds = basicAuth(req);
  const user = checkUser(ctx, creds);
  if (!user) throw plain(401, 'Unauthorized');
  return { status: 200, json: await mintTokens(ctx, creds!.user, user.groups) };
};

export const testCredentials: Handler<SensuData, SensuScratch> = async (req, ctx) => {
  if (!passesAsBasic(req)) await refreshMiddleware(ctx);
  limitRequestQuery(ctx);
  if (!checkUser(ctx, basicAuth(req))) throw plain(401, 'Request unauthorized');
  return { status: 200, contentType: null };
};

export const refreshToken: Handler<SensuData, SensuScratch> = async (req, ctx) => {
  const { access, refreshText } = await refreshGate(ctx);
  const accessToken = await mintAccess(ctx, access);
  // 5.11 answers the OLD access token's expiry (fixed in 5.21).
  return { status: 200, json: { access_token: accessToken, expires_at: access.exp, refresh_token: refreshText } };
};

export const logout: Handler<SensuData, SensuScratch> = async (req, ctx) => {
  const { access, refresh } = await refreshGate(ctx);
  await ctx.store.write((tx) => {
    tx.shared.delete('access_list', access.jti);
    tx.shared.delete('access_list', refresh.jti);
  });
  return { status: 200, contentType: null };
};
