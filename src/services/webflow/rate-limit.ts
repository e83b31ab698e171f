import { ServiceError } from '../../core/pipeline/problems.js';
import type { ServiceContext, WireResponse } from '../../core/service/module.js';
import type { WebflowExchange } from './scratch.js';
import type { Token, WebflowData } from './store.js';
import type { WebflowProblem } from './errors.js';
import type { Window } from '../../core/service/windows.js';

const WINDOW_MS = 60_000;
export const DEFAULT_RATE_LIMIT = 120;

/** The token's requests per minute: its own, else `--webflow-rate-limit`, else the default (what introspection reports). */
export function planLimit(ctx: ServiceContext<WebflowData>, token: Token): number {
  const cli = ctx.options['webflow-rate-limit'];
  return token.rate_limit ?? (typeof cli === 'string' ? Number(cli) : DEFAULT_RATE_LIMIT);
}

function limitFor(ctx: ServiceContext<WebflowData>, token: Token): number | undefined {
  return ctx.options['webflow-no-rate-limit'] === true ? undefined : planLimit(ctx, token);
}

/**
 * Webflow's per-token limit (https://developers.webflow.com/data/reference/rate-limits; the window type is ASSUMED): a fixed 60-second window from the
 * token's first request, X-RateLimit-Limit/Remaining on every answer, 429 with Retry-After past it.
 */
export function countRequest(ctx: WebflowExchange, tokenValue: string, token: Token): void | Promise<void> {
  const limit = limitFor(ctx, token);
  if (limit === undefined) return;
  const now = ctx.clock.nowMs();
  // In memory (a restart starts every token's minute afresh), or in the database instances share.
  const counted = ctx.windows.count(`rate:${tokenValue}`, now, WINDOW_MS);
  return counted instanceof Promise ? counted.then((w) => settle(ctx, limit, now, w)) : settle(ctx, limit, now, counted);
}

function settle(ctx: WebflowExchange, limit: number, now: number, w: Window): void {
  ctx.scratch.rateLimit = { limit, remaining: Math.max(0, limit - w.count) };
  if (w.count > limit) {
    throw new ServiceError<WebflowProblem>({ kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) });
  }
}

/** X-RateLimit-Limit/Remaining on every answer of a request the limiter counted, errors included. */
export function withRateLimitHeaders(wire: WireResponse, ex: WebflowExchange): WireResponse {
  const r = ex.scratch.rateLimit;
  if (!r) return wire;
  return { ...wire, headers: { 'X-RateLimit-Limit': String(r.limit), 'X-RateLimit-Remaining': String(r.remaining), ...wire.headers } };
}
