// jose is loaded on the first token, not at startup (it is a noticeable share of a cold start).
const jose = () => import('jose');
import type { ServiceContext } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import type { ServiceTx } from '../../core/state/service-store.js';

export type SensuContext = ServiceContext<SensuData>;

export interface AccessClaims {
  exp: number;
  jti: string;
  sub: string;
  groups: string[];
  provider: { provider_id: string; user_id: string };
}

export interface RefreshClaims {
  jti: string;
  sub: string;
}

export interface Tokens {
  access_token: string;
  expires_at: number;
  refresh_token: string;
}

/** Access tokens live 15 minutes in 5.11–5.14 (5.11.0 backend/authentication/jwt/jwt.go); `--sensu-token-ttl` shortens it for tests. */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

function ttlSeconds(ctx: SensuContext): number {
  const raw = ctx.options['sensu-token-ttl'];
  return typeof raw === 'string' ? Number(raw) : DEFAULT_TOKEN_TTL_SECONDS;
}

/** The HMAC key, made once per db (and sandbox) and kept in the store, so tokens survive a restart. */
async function signingKey(ctx: SensuContext): Promise<Uint8Array> {
  const stored = ctx.store.shared.get('secrets', 'jwt');
  if (stored) return Buffer.from(stored.value, 'base64');
  const value = ctx.random.bytes(32).toString('base64');
  await ctx.store.write((tx) => tx.shared.put('secrets', 'jwt', { value }));
  return Buffer.from(value, 'base64');
}

async function sign(ctx: SensuContext, claims: object): Promise<string> {
  const { SignJWT } = await jose();
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await signingKey(ctx));
}

/** A user's refresh tokens kept in the access list (ASSUMED: 5.11's never expire; an older one answers as if logged out). */
export const REFRESH_TOKENS_PER_USER = 1000;

/**
 * Keeps the access list bounded: an expired access token is no use any more (the API refuses it before
 * the list is read, and /auth/token looks up the refresh token), and a user keeps REFRESH_TOKENS_PER_USER.
 */
function prune(ctx: SensuContext, tx: ServiceTx<SensuData>, user: string, nowSec: number): void {
  const refresh: string[] = [];
  for (const [jti, entry] of ctx.store.shared.entries('access_list')) {
    if (entry.kind === 'access' && entry.exp !== undefined && entry.exp < nowSec) tx.shared.delete('access_list', jti);
    else if (entry.kind === 'refresh' && entry.sub === user) refresh.push(jti);
  }
  for (const jti of refresh.slice(0, Math.max(0, refresh.length - REFRESH_TOKENS_PER_USER + 1))) tx.shared.delete('access_list', jti);
}

/** Mints an access and a refresh token and puts both ids in the access list. */
export async function mintTokens(ctx: SensuContext, user: string, groups: string[]): Promise<Tokens> {
  const exp = Math.floor(ctx.clock.nowMs() / 1000) + ttlSeconds(ctx);
  const access: AccessClaims = { exp, jti: ctx.random.hex(16), sub: user, groups: [...groups, 'system:users'], provider: { provider_id: 'basic', user_id: user } };
  const refresh: RefreshClaims = { jti: ctx.random.hex(16), sub: user };
  const [accessToken, refreshToken] = [await sign(ctx, access), await sign(ctx, refresh)];
  await ctx.store.write((tx) => {
    prune(ctx, tx, user, exp - ttlSeconds(ctx));
    tx.shared.put('access_list', access.jti, { sub: user, kind: 'access', exp });
    tx.shared.put('access_list', refresh.jti, { sub: user, kind: 'refresh' });
  });
  return { access_token: accessToken, expires_at: exp, refresh_token: refreshToken };
}

/** A new access token for the same user and groups, as `/auth/token` makes it. */
export async function mintAccess(ctx: SensuContext, previous: AccessClaims): Promise<string> {
  const exp = Math.floor(ctx.clock.nowMs() / 1000) + ttlSeconds(ctx);
  const access: AccessClaims = { ...previous, exp, jti: ctx.random.hex(16) };
  const token = await sign(ctx, access);
  await ctx.store.write((tx) => {
    tx.shared.delete('access_list', previous.jti);
    tx.shared.put('access_list', access.jti, { sub: access.sub, kind: 'access', exp });
  });
  return token;
}

// Verifying a signature is the costly part of an authenticated read; remember good tokens per key.
const verified = new Map<string, { key: string; payload: Record<string, unknown> }>();
const VERIFIED_MAX = 1000;

/** The token's claims when its signature is ours ('expired' if past exp and `allowExpired` is false), else 'invalid'. */
export async function verifyToken(ctx: SensuContext, token: string, allowExpired: boolean): Promise<Record<string, unknown> | 'invalid' | 'expired'> {
  const stored = ctx.store.shared.get('secrets', 'jwt');
  if (!stored) return 'invalid'; // no token was ever minted with this db
  const keyId = stored.value;
  const key = Buffer.from(keyId, 'base64');
  let payload = verified.get(token)?.key === keyId ? verified.get(token)!.payload : undefined;
  if (!payload) {
    try {
      const { compactVerify } = await jose();
      const { payload: bytes } = await compactVerify(token, key, { algorithms: ['HS256'] });
      payload = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    } catch {
      return 'invalid';
    }
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { key: keyId, payload });
  }
  const exp = payload['exp'];
  // jwt-go compares whole Unix seconds: a token is good through the second named by `exp`.
  if (!allowExpired && typeof exp === 'number' && Math.floor(ctx.clock.nowMs() / 1000) > exp) return 'expired';
  return payload;
}

export function isAccessClaims(p: Record<string, unknown>): p is Record<string, unknown> & AccessClaims {
  return typeof p['jti'] === 'string' && typeof p['sub'] === 'string' && Array.isArray(p['groups']) && typeof p['exp'] === 'number';
}

export function isRefreshClaims(p: Record<string, unknown>): p is Record<string, unknown> & RefreshClaims {
  return typeof p['jti'] === 'string' && typeof p['sub'] === 'string';
}

