import type { Response } from 'express';
import type { WireResponse } from '../service/module.js';
import type { LoadedService, Runtime } from '../boot/runtime.js';

export const DEFAULT_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Writes a WireResponse byte for byte: no charset, ETag or X-Powered-By that the real service would not
 * send. In tests, a response its operation does not document becomes a loud 500.
 */
export function writeWire(res: Response, wire: WireResponse, svc: LoadedService, rt: Runtime): void {
  if (res.headersSent) return;
  let body: Buffer | undefined;
  let contentType = wire.contentType;
  if (wire.json !== undefined) {
    body = Buffer.from((svc.module.serializeJson ?? JSON.stringify)(wire.json));
    if (contentType === undefined) contentType = svc.module.jsonContentType ?? DEFAULT_JSON_CONTENT_TYPE;
  } else if (wire.raw !== undefined) {
    body = typeof wire.raw === 'string' ? Buffer.from(wire.raw) : wire.raw;
  }
  const op = res.locals.standin?.operation;
  if (rt.responseChecker && op && !res.locals.standin?.unchecked && !wire.beforeOperation) {
    const wrong = rt.responseChecker.check(op, wire.status, contentType ?? undefined, body);
    if (wrong) {
      rt.log.error({ service: svc.module.name, wrong }, 'response does not match the spec');
      res.statusCode = 500;
      res.setHeader('Content-Type', DEFAULT_JSON_CONTENT_TYPE);
      res.end(JSON.stringify({ standin_error: 'response does not match the spec', detail: wrong }));
      return;
    }
  }
  res.statusCode = wire.status;
  for (const [name, value] of Object.entries(wire.headers ?? {})) res.setHeader(name, value);
  if (contentType) res.setHeader('Content-Type', contentType);
  if (wire.status !== 204 && wire.status !== 304 && !(wire.status >= 100 && wire.status < 200)) {
    res.setHeader('Content-Length', body?.length ?? 0);
  }
  res.end(body);
}
