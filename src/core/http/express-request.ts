import { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import type { Request, Response } from 'express';

export function baseExpress(create: () => express.Express): express.Express {
  const app = create();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  return app;
}

/**
 * Gives a raw node request what an Express app gives it before its first layer (the request and
 * response prototypes, the mount's baseUrl and url), so services can read it with Express's helpers.
 * Service traffic takes this way instead of Express's router: one dispatch per request instead of a
 * stack of layers (bench/README.md).
 */
export function asExpress(app: express.Express, req: IncomingMessage, res: ServerResponse, baseUrl: string, url: string): { req: Request; res: Response } {
  // A server made with expressClasses() has them already; changing an object's prototype is not free.
  const r = (Object.getPrototypeOf(req) === app.request ? req : Object.setPrototypeOf(req, app.request)) as Request;
  const s = (Object.getPrototypeOf(res) === app.response ? res : Object.setPrototypeOf(res, app.response)) as Response;
  r.res = s;
  s.req = r;
  r.originalUrl = req.url ?? '/';
  r.baseUrl = baseUrl;
  r.url = url;
  return { req: r, res: s };
}

/** Request and response classes whose objects are born with the app's Express prototypes (for `createServer`). */
export interface ServerClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

export function expressClasses(app: express.Express): ServerClasses {
  class StandinRequest extends IncomingMessage {}
  class StandinResponse extends ServerResponse {}
  Object.setPrototypeOf(StandinRequest.prototype, app.request);
  Object.setPrototypeOf(StandinResponse.prototype, app.response);
  // Node's typing of ServerResponse is generic over the request class; these two are made for each other.
  return { IncomingMessage: StandinRequest, ServerResponse: StandinResponse as unknown as typeof ServerResponse };
}
