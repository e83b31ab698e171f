import type { Request } from 'express';

/** A header's first value, as Starlette's `request.headers.get()` reads it (Node joins repeats with ", "). */
export function firstHeader(req: Request, name: string): string | undefined {
  const joined = req.headers[name];
  // Without a comma the value cannot be a join of repeats, and headersDistinct (built whole) is not needed.
  if (typeof joined === 'string' && !joined.includes(',')) return joined;
  return req.headersDistinct[name]?.[0];
}
