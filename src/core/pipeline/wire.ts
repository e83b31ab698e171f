import type { WireResponse } from '../service/module.js';
import type { Runtime } from '../boot/runtime.js';
import type { RequestExchange } from './exchange.js';
import { CoreError, sendCoreError } from '../http/core-error.js';

export const DEFAULT_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Writes a service's answer byte for byte: no charset, ETag or X-Powered-By that the real service would
 * not send. Every answer of the service passes its `finish` first (headers it puts on every answer). In
 * tests, an answer its operation does not document becomes a loud 500 in Standin's own error shape.
 */
export function writeWire(rt: Runtime, ex: RequestExchange, given: WireResponse): void {
  const res = ex.res;
  if (res.headersSent) return;
  const m = ex.loaded.module;
  const wire = m.finish ? m.finish(given, ex) : given;
  let body: Buffer | undefined;
  let contentType = wire.contentType;
  if (wire.json !== undefined) {
    body = Buffer.from((m.serializeJson ?? JSON.stringify)(wire.json));
    if (contentType === undefined) contentType = m.jsonContentType ?? DEFAULT_JSON_CONTENT_TYPE;
  } else if (wire.raw !== undefined) {
    body = typeof wire.raw === 'string' ? Buffer.from(wire.raw) : wire.raw;
  }
  const op = ex.operation;
  if (rt.responseChecker && op && !ex.unchecked && !wire.beforeOperation && !wire.offSpec) {
    const wrong = rt.responseChecker.check(op, wire.status, contentType ?? undefined, body);
    if (wrong) {
      rt.log.error({ service: m.name, wrong }, 'response does not match the spec');
      const message = 'response does not match the spec';
      ex.responseBody = sendCoreError(res, new CoreError(500, 'off_spec_response', message, { standin_error: message, detail: wrong }));
      return;
    }
  }
  res.statusCode = wire.status;
  for (const [name, value] of Object.entries(wire.headers ?? {})) res.setHeader(name, value);
  if (contentType) res.setHeader('Content-Type', contentType);
  if (wire.status !== 204 && wire.status !== 304 && !(wire.status >= 100 && wire.status < 200)) {
    res.setHeader('Content-Length', body?.length ?? 0);
  }
  ex.responseBody = body;
  res.end(body);
}
