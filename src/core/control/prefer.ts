import type { AnyService, Exchange, WireResponse } from '../service/module.js';
import type { SpecOperation } from '../boot/spec.js';
import { isJsonMediaType } from '../pipeline/body.js';

interface MediaObject {
  examples?: Record<string, { value?: unknown }>;
  example?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
}

function wireFor(status: number, media: string | undefined, value: unknown, hasValue: boolean): WireResponse {
  if (!hasValue || media === undefined) return { status };
  if (isJsonMediaType(media)) return { status, json: value };
  return { status, raw: typeof value === 'string' ? value : JSON.stringify(value), contentType: media };
}

/**
 * Prism's `Prefer` header: `code=NNN` answers that documented status with its first documented example,
 * `example=NAME` the documented example of that name (any status). An error status the operation does not
 * document (or documents with no example) answers the service's own error body for it, and a 429 always
 * comes with the service's rate-limit headers. A success documented with no body answers that status
 * empty; one documented with a body but no example, or not documented, is ignored (the handler answers).
 */
export function preferred(m: AnyService, op: SpecOperation, ex: Exchange): { wire: WireResponse; label: string } | undefined {
  const header = ex.req.headers['prefer'];
  if (typeof header !== 'string') return undefined;
  const prefs = Object.fromEntries(header.split(/[,;]/).map((p) => p.trim().split('=').map((s) => s.trim())).filter((p) => p.length === 2));
  const responses = (op.operation.responses ?? {}) as Record<string, ResponseObject>;
  const withRateLimitHeaders = (status: number, wire: WireResponse): WireResponse => {
    if (status !== 429) return wire;
    const own = m.mapProblem({ kind: 'rate_limited', retryAfterSeconds: 1 }, ex);
    return { ...wire, headers: { ...own.headers, ...wire.headers } };
  };
  const name = prefs['example'];
  if (name) {
    for (const [status, r] of Object.entries(responses)) {
      for (const [media, m] of Object.entries(r.content ?? {})) {
        const ex = m.examples?.[name];
        if (ex && /^\d{3}$/.test(status)) return { wire: withRateLimitHeaders(Number(status), wireFor(Number(status), media, ex.value, true)), label: `example=${name}` };
      }
    }
  }
  const code = prefs['code'];
  if (!code || !/^[1-5]\d\d$/.test(code)) return undefined;
  const status = Number(code);
  const label = `code=${code}`;
  const documented = responses[code];
  for (const [media, m] of Object.entries(documented?.content ?? {})) {
    const first = Object.values(m.examples ?? {})[0];
    if (first) return { wire: withRateLimitHeaders(status, wireFor(status, media, first.value, true)), label };
    if (m.example !== undefined) return { wire: withRateLimitHeaders(status, wireFor(status, media, m.example, true)), label };
  }
  if (status === 429) return { wire: m.mapProblem({ kind: 'rate_limited', retryAfterSeconds: 1 }, ex), label };
  if (status >= 400) return { wire: m.mapProblem({ kind: 'status', status }, ex), label };
  const bodyless = documented !== undefined && Object.keys(documented.content ?? {}).length === 0;
  return bodyless && status >= 200 && status < 300 ? { wire: { status }, label } : undefined;
}
