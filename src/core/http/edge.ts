import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { LoadedService, Runtime } from '../boot/runtime.js';
import { adminRouter } from '../admin/router.js';
import { servicePipeline } from '../pipeline/run.js';
import { RequestExchange } from '../pipeline/exchange.js';
import { withControls } from '../control/front.js';
import { recordOnClose } from '../control/recorder.js';
import { SANDBOX_RULE, sandboxMount, sandboxOf, takeSandboxPath, type SandboxPath } from '../control/sandbox.js';
import { baseUrlOf, contextBase } from '../service/context.js';
import { asExpress, baseExpress, expressClasses, type ServerClasses } from './express-request.js';
import { CoreError, sendCoreError } from './core-error.js';
import { corsOf } from './cors.js';

/**
 * What a server listens with (and supertest drives): the whole simulator as one request listener, with
 * the request and response classes a server of its own should make (see http/server.ts).
 */
export type StandinApp = ((req: IncomingMessage, res: ServerResponse) => void) & { classes?: ServerClasses };

/** One service's entry: the request, its sandbox from the URL (if any), its mount point and the URL below it. */
type Entry = (req: IncomingMessage, res: ServerResponse, fromPath: SandboxPath | undefined, mount: string, url: string) => void;

const splitUrl = (url: string): [string, string] => {
  const q = url.indexOf('?');
  return q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
};

function failOutside(rt: Runtime, err: unknown, res: ServerResponse): void {
  if (err instanceof CoreError) return void sendCoreError(res, err); // a control's refusal (e.g. too many sandboxes)
  rt.log.error({ err }, 'unexpected error outside any service');
  sendCoreError(res, new CoreError(500, 'internal', 'internal error'));
}

/**
 * A service behind its controls: the request's sandbox and route are worked out once, here, into the
 * exchange that travels with it; the journal records it when its response closes.
 */
function serviceEntry(rt: Runtime, svc: LoadedService, app: express.Express): Entry {
  const handle = withControls(rt, svc, servicePipeline(svc, rt));
  return (rawReq, rawRes, fromPath, mount, url) => {
    const sandbox = sandboxOf(rawReq.headers, fromPath);
    if (sandbox === undefined) {
      return void sendCoreError(rawRes, new CoreError(400, 'bad_sandbox', `X-Standin-Sandbox or /__sandbox/<name>: ${SANDBOX_RULE}`));
    }
    const { req, res } = asExpress(app, rawReq, rawRes, mount, url);
    const [path, rawQuery] = splitUrl(url);
    const ex = new RequestExchange(svc, contextBase(rt, svc.module, sandbox), sandbox, req, res, path, mount, rawQuery, () => baseUrlOf(rt, req, sandboxMount(sandbox, mount)));
    ex.route = svc.routes.match(req.method, path);
    recordOnClose(rt, ex);
    try {
      const pending = handle(ex);
      if (pending) pending.catch((err: unknown) => failOutside(rt, err, rawRes));
    } catch (err) {
      failOutside(rt, err, rawRes);
    }
  };
}

/** Outside every service and the admin API: journaled as unmatched (with the nearest operations), then a 404. */
function unmatched(rt: Runtime, req: IncomingMessage, res: ServerResponse, fromPath: SandboxPath | undefined): void {
  const prefixes = rt.services.map((s) => `/${s.module.name}`).join(', ');
  const [path, rawQuery] = splitUrl(req.url ?? '/');
  const record = {
    req, res, sandbox: sandboxOf(req.headers, fromPath) ?? 'default', service: null, path, rawQuery, started: performance.now(),
    operation: undefined, matched: false, fault: undefined, prefer: undefined, rawBody: undefined, responseBody: undefined as Buffer | undefined, form: undefined,
  };
  recordOnClose(rt, record);
  record.responseBody = sendCoreError(res, new CoreError(404, 'not_found', `nothing is served at ${path}; services are under ${prefixes}, controls under /__admin`));
}

/** One service alone at the root of its own port, exactly as the real host's paths (`--service-port`). */
export function createServicePortApp(rt: Runtime, svc: LoadedService): StandinApp {
  const app = baseExpress(express);
  const entry = serviceEntry(rt, svc, app);
  const cors = corsOf(rt);
  const listener: StandinApp = (req, res) => {
    if (cors?.(req, res)) return;
    const url = req.url ?? '/';
    const fromPath = takeSandboxPath(url);
    entry(req, res, fromPath, fromPath?.prefix ?? '', fromPath?.rest ?? url);
  };
  listener.classes = expressClasses(app);
  return caughtUp(rt, listener);
}

/**
 * The whole simulator: CORS first (with --cors), then /__admin (through Express's router), then each
 * service under /<name> by its first path segment (after an optional `/__sandbox/<name>`); anything else
 * is unmatched. Never listens.
 */
export function createApp(rt: Runtime, ready: () => boolean = () => true): StandinApp {
  const app = baseExpress(express);
  app.use('/__admin', adminRouter(rt, ready));
  app.use((_req: Request, res: Response) => sendCoreError(res, new CoreError(404, 'not_found', 'not found')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => failOutside(rt, err, res));
  const entries = new Map(rt.services.map((svc) => [svc.module.name, serviceEntry(rt, svc, app)]));
  const cors = corsOf(rt);
  const listener: StandinApp = (req, res) => {
    if (cors?.(req, res)) return;
    const fromPath = takeSandboxPath(req.url ?? '/');
    const url = fromPath?.rest ?? req.url ?? '/';
    let end = 1;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
    const first = url[0] === '/' ? url.slice(1, end) : '';
    const entry = entries.get(first);
    if (entry) {
      const rest = url.slice(end);
      return entry(req, res, fromPath, `${fromPath?.prefix ?? ''}${url.slice(0, end)}`, rest.startsWith('/') ? rest : `/${rest}`);
    }
    if (!fromPath && first === '__admin') return void app(req, res);
    unmatched(rt, req, res, fromPath);
  };
  listener.classes = expressClasses(app);
  return caughtUp(rt, listener);
}

/**
 * Where state is shared with other instances, each request is served from a cache that has caught up
 * with every write acknowledged before it arrived; when the shared state cannot be reached, a 503.
 */
function caughtUp(rt: Runtime, listener: StandinApp): StandinApp {
  const sync = rt.store.sync?.bind(rt.store);
  if (!sync) return listener;
  const served = (req: IncomingMessage, res: ServerResponse) =>
    void sync().then(
      () => listener(req, res),
      (err: unknown) => {
        rt.log.error({ err }, 'cannot reach the shared state');
        sendCoreError(res, new CoreError(503, 'state_unavailable', 'the shared state cannot be reached; try again'));
      },
    );
  return Object.assign(served, { classes: listener.classes });
}
