import type { Request, RequestHandler, Response } from 'express';
import type { LoadedService, Runtime } from '../boot/runtime.js';
import { writeWire } from '../pipeline/wire.js';
import { Random } from '../service/random.js';
import { sendAdminError } from '../admin/admin-error.js';
import { ensureSandbox, sandboxOf } from './sandbox.js';
import { nearMisses } from './near-miss.js';
import { BODY_CAP, maskHeaderNamed, type FormParts } from './journal.js';

/** A multipart form a service parsed itself (multer's fields and files), without the file bytes. */
function formParts(req: Request): FormParts | undefined {
  const fields: unknown = req.body;
  const files: unknown = (req as { files?: unknown }).files;
  if (req.rawBody !== undefined || !req.headers['content-type']?.startsWith('multipart/') || typeof fields !== 'object' || fields === null) return undefined;
  const out: FormParts = { fields: {}, files: [] };
  let size = 0;
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v !== 'string' || (size += k.length + v.length) > BODY_CAP) continue;
    Object.defineProperty(out.fields, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  for (const f of Array.isArray(files) ? (files as { fieldname?: unknown; originalname?: unknown; mimetype?: unknown; size?: unknown }[]) : []) {
    out.files.push({ field: String(f.fieldname), filename: String(f.originalname), contentType: String(f.mimetype), size: Number(f.size) });
  }
  return out;
}

/** Near misses worked out when the entry is read; the closure holds two strings, not the request. */
function nearMissesOf(rt: Runtime, method: string, originalUrl: string): () => ReturnType<typeof nearMisses> {
  const path = originalUrl.split('?')[0]!;
  return () => nearMisses(rt.services, method, path);
}

/**
 * Records the request in the journal once its answer is sent (or its connection dropped), and logs one
 * line. The response body is taken by reference from `res.end`; the journal copies what it keeps.
 */
export function record(rt: Runtime, req: Request, res: Response, service: string | null, sandbox: string, path: string): void {
  const started = performance.now();
  let body: Buffer | undefined;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    if (Buffer.isBuffer(chunk)) body = chunk;
    else if (typeof chunk === 'string') body = Buffer.from(chunk);
    return end(...args);
  }) as Response['end'];
  // 'close' comes after 'finish' for a sent answer, and alone for a dropped connection.
  res.once('close', () => {
    const state = res.locals.standin;
    // A service's own non-spec route (Webflow's S3 upload) answered it: Express set req.route.
    const matched = state?.operation !== undefined || (service !== null && req.route !== undefined);
    const q = req.originalUrl.indexOf('?');
    const status = res.writableFinished ? res.statusCode : 0;
    const form = formParts(req);
    rt.journal.add({
      id: rt.journal.nextId(),
      sandbox,
      service,
      method: req.method,
      path,
      query: q === -1 ? '' : req.originalUrl.slice(q + 1),
      headers: req.headers,
      requestBody: req.rawBody,
      requestType: req.headers['content-type'],
      ...(form ? { requestForm: form } : {}),
      status,
      responseHeaders: res.getHeaders(),
      responseBody: body,
      responseType: res.getHeader('content-type')?.toString(),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      at: rt.clock.nowMs(),
      matched,
      ...(state?.operation ? { operationId: state.operation.operationId } : {}),
      ...(!matched && !res.locals.fault ? { nearMisses: nearMissesOf(rt, req.method, req.originalUrl) } : {}),
      ...(res.locals.fault ? { fault: res.locals.fault } : {}),
      ...(res.locals.prefer ? { prefer: res.locals.prefer } : {}),
    });
    if (rt.log.isLevelEnabled('info')) rt.log.info({ service, sandbox, method: req.method, path, status, ms: Math.round(performance.now() - started) }, 'request');
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Fault dice of their own: a probability or latency range never shifts the seeded ids (--seed).
const dice = new WeakMap<Runtime, Random>();
function diceOf(rt: Runtime): Random {
  let d = dice.get(rt);
  if (!d) dice.set(rt, (d = new Random(rt.random.seeded ? 0x5eed : undefined)));
  return d;
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
}

/**
 * What stands in front of every service (on the main port and on its own port): the sandbox (made from
 * the fixtures on first use), the journal, and fault rules, which answer in the service's own shape.
 */
export function serviceFront(rt: Runtime, svc: LoadedService): RequestHandler {
  const name = svc.module.name;
  const schemes = (svc.spec.document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  for (const scheme of Object.values(schemes)) if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) maskHeaderNamed(scheme.name);
  const random = diceOf(rt);
  return async (req, res, next) => {
    const sandbox = sandboxOf(req);
    if (sandbox === undefined) return sendAdminError(res, 400, 'bad_sandbox', 'X-Standin-Sandbox must be 1 to 64 characters of A-Z a-z 0-9 . _ -');
    record(rt, req, res, name, sandbox, req.path);
    const seeding = ensureSandbox(rt, sandbox);
    if (seeding) await seeding;
    const fault = rt.faults.hit(sandbox, name, req.method, req.path, () => random.int(1_000_000) / 1_000_000);
    if (!fault) return next();
    res.locals.fault = fault.id;
    if (fault.latencyMs !== undefined) {
      const max = fault.latencyMaxMs ?? fault.latencyMs;
      await sleep(fault.latencyMs + random.int(max - fault.latencyMs + 1));
    }
    if (fault.reset) return void req.socket.destroy();
    const problem = fault.rateLimit ? ({ kind: 'rate_limited', retryAfterSeconds: fault.retryAfterSeconds ?? 1 } as const) : fault.status !== undefined ? ({ kind: 'status', status: fault.status } as const) : undefined;
    if (!problem) return next(); // latency only: the request goes on
    // The journal still names the operation the request was for.
    const route = svc.routes.match(req.method, req.path);
    res.locals.standin = { service: name, sandbox, params: {}, unchecked: true, ...(route.kind === 'operation' ? { operation: route.operation } : {}) };
    const wire = fault.body !== undefined && fault.status !== undefined ? { status: fault.status, json: fault.body } : svc.module.mapProblem(problem, req);
    writeWire(res, wire, svc, rt);
  };
}

/** Outside every prefix: journaled as unmatched (with the nearest operations), then a JSON 404. */
export function unmatched(rt: Runtime): RequestHandler {
  const prefixes = rt.services.map((s) => `/${s.module.name}`).join(', ');
  return (req, res) => {
    record(rt, req, res, null, sandboxOf(req) ?? 'default', req.path);
    res.status(404).json({ error: { code: 'not_found', message: `nothing is served at ${req.path}; services are under ${prefixes}, controls under /__admin` } });
  };
}
