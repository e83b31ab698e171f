import type { NextFunction, Request, Response } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { hostProblem, requestOrigin } from '../http/host.js';

/** How far the admin API opens to pages of other sites. */
export interface SiteGuardOptions {
  /** Answer requests whose Origin is another site's (CORS); off by default. The Host check stays either way. */
  otherOrigins: boolean;
}

/** The origins this Standin's own pages have: as the client reached it, and `--public-url`'s. */
function ownOrigins(rt: Runtime, req: Request): string[] {
  const own = [requestOrigin(req, rt.publicUrl).toLowerCase()];
  if (rt.publicUrl) {
    try {
      own.push(new URL(rt.publicUrl).origin.toLowerCase());
    } catch {
      /* checked at start; nothing to add */
    }
  }
  return own;
}

/**
 * The admin API is closed to other sites: a browser's request from another origin (a form posting
 * text/plain to /__admin/reset needs no preflight) gets 403, and on loopback so does a request whose Host
 * is not a loopback name or the --public-url host (a page rebound to 127.0.0.1 by DNS sends its own name).
 */
export function closedToOtherSites(rt: Runtime, options: SiteGuardOptions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = hostProblem(req, rt.publicUrl);
    if (host) return next(new CoreError(403, 'forbidden_host', `Host '${req.headers.host ?? ''}' ${host}; /__admin answers only requests made to this Standin by name`));
    const origin = req.headers.origin;
    if (options.otherOrigins || origin === undefined) return next();
    const own = ownOrigins(rt, req);
    if (own.includes(origin.toLowerCase())) return next();
    next(new CoreError(403, 'forbidden_origin', `Origin '${origin}' is not this Standin's own (${own[0]}); /__admin does not answer other sites' pages`));
  };
}
