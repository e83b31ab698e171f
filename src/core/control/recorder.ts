import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../boot/runtime.js';
import type { SpecOperation } from '../boot/spec.js';
import type { FormParts } from '../service/exchange.js';
import { nearMisses } from './near-miss.js';
import { BODY_CAP, type RawEntry } from './journal/index.js';
import { logRequest } from './log-line.js';

/** What the journal needs to know of a request once its answer is sent; a RequestExchange is one. */
export interface Recorded {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly sandbox: string;
  /** The service whose prefix the request had; null outside every service. */
  readonly service: string | null;
  /** The path as the journal shows it (below the service's mount). */
  readonly path: string;
  readonly rawQuery: string;
  readonly started: number;
  readonly operation: SpecOperation | undefined;
  /** Whether an operation or an own route of the service took it. */
  readonly matched: boolean;
  readonly fault: string | undefined;
  readonly prefer: string | undefined;
  readonly rawBody: Buffer | undefined;
  readonly responseBody: Buffer | undefined;
  readonly form: FormParts | undefined;
  /** The first problem the answer was made from, for the log's reason of a 4xx. */
  readonly problem?: { kind: string } | undefined;
}

/** A parsed form as the journal keeps it: its fields up to the body cap in all (file bytes were never kept). */
function cappedForm(form: FormParts): FormParts {
  const out: FormParts = { fields: {}, files: form.files };
  let size = 0;
  for (const [k, v] of Object.entries(form.fields)) {
    if ((size += k.length + v.length) > BODY_CAP) continue;
    Object.defineProperty(out.fields, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Near misses worked out when the entry is read; the closure holds two strings, not the request. */
function nearMissesOf(rt: Runtime, method: string, path: string): () => ReturnType<typeof nearMisses> {
  return () => nearMisses(rt.services.map((s) => ({ name: s.module.name, operations: s.spec.operations })), method, path);
}

function entryOf(rt: Runtime, r: Recorded, status: number): RawEntry {
  const { req, res } = r;
  const method = req.method ?? 'GET';
  return {
    id: rt.journal.nextId(),
    sandbox: r.sandbox,
    service: r.service,
    method,
    path: r.path,
    query: r.rawQuery,
    headers: req.headers,
    requestBody: r.rawBody,
    requestType: req.headers['content-type'],
    ...(r.form ? { requestForm: cappedForm(r.form) } : {}),
    status,
    responseHeaders: res.getHeaders(),
    responseBody: r.responseBody,
    responseType: res.getHeader('content-type')?.toString(),
    durationMs: Math.round((performance.now() - r.started) * 100) / 100,
    at: rt.clock.nowMs(),
    matched: r.matched,
    ...(r.operation ? { operationId: r.operation.operationId } : {}),
    ...(!r.matched && !r.fault ? { nearMisses: nearMissesOf(rt, method, r.service === null ? r.path : `/${r.service}${r.path}`) } : {}),
    ...(r.fault ? { fault: r.fault } : {}),
    ...(r.prefer ? { prefer: r.prefer } : {}),
  };
}

/**
 * Where instances share the journal, an answer is held until its entry is written there: a client that
 * is answered and then asks another instance how many requests there were is counted.
 */
function writeSharedBeforeEnd(rt: Runtime, r: Recorded, shared: NonNullable<Runtime['shared']>): { entry: RawEntry | undefined } {
  const held: { entry: RawEntry | undefined; ending: boolean } = { entry: undefined, ending: false };
  const res = r.res;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (held.ending) return end(...args);
    held.ending = true;
    // A microtask later: a writer that notes the bytes it sent after calling end() has done so.
    queueMicrotask(() => {
      held.entry = entryOf(rt, r, res.statusCode);
      void shared.journal.record(held.entry).then(() => end(...args));
    });
    return res;
  }) as ServerResponse['end'];
  return held;
}

/**
 * Records a request in the journal when its response closes (after it is sent, or when the connection
 * drops), and logs one line (control/log-line.ts). The answer's bytes are the ones the writer left on `r`; the journal copies
 * what it keeps.
 */
export function recordOnClose(rt: Runtime, r: Recorded): void {
  const shared = rt.shared;
  const held = shared ? writeSharedBeforeEnd(rt, r, shared) : undefined;
  // 'close' comes after 'finish' for a sent answer, and alone for a dropped connection.
  r.res.once('close', () => {
    const status = r.res.writableFinished ? r.res.statusCode : 0;
    const durationMs = Math.round((performance.now() - r.started) * 100) / 100;
    const entry = held?.entry && status !== 0 ? { ...held.entry, durationMs } : entryOf(rt, r, status);
    rt.journal.add(entry);
    if (shared && !held?.entry) void shared.journal.record(entry); // a dropped connection
    logRequest(rt.log, r);
  });
}
