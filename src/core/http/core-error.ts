import type { ServerResponse } from 'node:http';

/**
 * Standin's own error shape, for every answer that no service produced (the admin API, a path outside
 * every service, a bad sandbox name, an off-spec answer caught in tests, a failure outside any service):
 * `{"error":{"code","message"}}`, JSON, with any `extra` fields after it.
 */
export interface CoreErrorBody {
  error: { code: string; message: string };
  [extra: string]: unknown;
}

/** Thrown where a core route refuses a request; the edge answers it in the core shape. */
export class CoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const coreErrorBody = (code: string, message: string, extra: Readonly<Record<string, unknown>> = {}): CoreErrorBody => ({ error: { code, message }, ...extra });

/** Writes a core error, unless an answer has started already. Returns the bytes written (for the journal). */
export function sendCoreError(res: ServerResponse, e: CoreError): Buffer | undefined {
  if (res.headersSent) return undefined;
  const body = Buffer.from(JSON.stringify(coreErrorBody(e.code, e.message, e.extra)));
  res.statusCode = e.status;
  for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
  return body;
}
