import type { Request } from 'express';
import type { WireResponse } from '../service-module.js';
import type { LoadedService } from '../runtime.js';
import type { SpecOperation } from '../spec.js';
import { isJsonMediaType } from '../body.js';

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
 * document still answers the service's own error body for it; an undocumented success is ignored.
 */
export function preferred(svc: LoadedService, op: SpecOperation, req: Request): { wire: WireResponse; label: string } | undefined {
  const header = req.headers['prefer'];
  if (typeof header !== 'string') return undefined;
  const prefs = Object.fromEntries(header.split(/[,;]/).map((p) => p.trim().split('=').map((s) => s.trim())).filter((p) => p.length === 2));
  const responses = (op.operation.responses ?? {}) as Record<string, ResponseObject>;
  const name = prefs['example'];
  if (name) {
    for (const [status, r] of Object.entries(responses)) {
      for (const [media, m] of Object.entries(r.content ?? {})) {
        const ex = m.examples?.[name];
        if (ex && /^\d{3}$/.test(status)) return { wire: wireFor(Number(status), media, ex.value, true), label: `example=${name}` };
      }
    }
  }
  const code = prefs['code'];
  if (!code || !/^[1-5]\d\d$/.test(code)) return undefined;
  const status = Number(code);
  const documented = responses[code];
  if (documented) {
    for (const [media, m] of Object.entries(documented.content ?? {})) {
      const first = Object.values(m.examples ?? {})[0];
      if (first) return { wire: wireFor(status, media, first.value, true), label: `code=${code}` };
      if (m.example !== undefined) return { wire: wireFor(status, media, m.example, true), label: `code=${code}` };
    }
  }
  if (status >= 400) return { wire: svc.module.mapProblem({ kind: 'status', status }, req), label: `code=${code}` };
  return documented ? { wire: { status }, label: `code=${code}` } : undefined;
}
