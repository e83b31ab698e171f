import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../boot/runtime.js';

/** Answers a preflight (true: nothing more to do) or adds CORS headers to the answer to come. */
export type Cors = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Exposed to browser code: `*` (every header, for requests without credentials, as these are: any origin is
 * allowed) and, for browsers without the wildcard, by name: the usual ones and every response header a
 * spec documents.
 */
const ALWAYS_EXPOSED = ['*', 'Location', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** The headers named in Access-Control-Expose-Headers (Sensu-Continue among those the specs document). */
function documentedHeaders(rt: Runtime): string[] {
  const names = new Map<string, string>(ALWAYS_EXPOSED.map((h) => [h.toLowerCase(), h]));
  for (const s of rt.services) {
    for (const op of s.spec.operations) {
      for (const response of Object.values(op.operation.responses ?? {})) {
        const headers = (response as { headers?: Record<string, unknown> }).headers ?? {};
        for (const name of Object.keys(headers)) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
      }
    }
  }
  return [...names.values()];
}

/**
 * `--cors`: the real services send no CORS headers, so by default nor does Standin. With it, a browser
 * preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered 204 allowing the method and
 * headers it asks for, on every service and /__admin, and every answer allows any origin and exposes the
 * headers clients read. Undefined when off.
 */
export function corsOf(rt: Runtime): Cors | undefined {
  if (!rt.cors) return undefined;
  const exposed = documentedHeaders(rt).join(', ');
  return (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const method = req.headers['access-control-request-method'];
    if (req.method !== 'OPTIONS' || req.headers.origin === undefined || method === undefined) {
      res.setHeader('Access-Control-Expose-Headers', exposed);
      return false;
    }
    res.statusCode = 204;
    res.setHeader('Access-Control-Allow-Methods', method);
    const headers = req.headers['access-control-request-headers'];
    if (headers) res.setHeader('Access-Control-Allow-Headers', headers);
    res.setHeader('Access-Control-Max-Age', '600');
    res.setHeader('Vary', 'Access-Control-Request-Method, Access-Control-Request-Headers');
    res.end();
    rt.log.debug({ method: 'OPTIONS', path: (req.url ?? '/').split('?')[0], origin: req.headers.origin, status: 204 }, `OPTIONS ${(req.url ?? '/').split('?')[0]} → 204 CORS preflight`);
    return true;
  };
}
