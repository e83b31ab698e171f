import type { Request } from 'express';

/** A header's first value, as Starlette's `request.headers.get()` reads it (Node joins repeats with ", "). */
export function firstHeader(req: Request, name: string): string | undefined {
  return req.headersDistinct[name]?.[0];
}
