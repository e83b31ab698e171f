import type { TestApp } from '../helpers/app.js';

export const KEY = 'demo-actionhub-key';

/** A request to ActionHub with the demo key and a program-id (either can be left out). */
export function ah(t: TestApp, method: 'get' | 'post' | 'put' | 'delete' | 'head' | 'patch', path: string, opts: { program?: string | null; key?: string | null } = {}) {
  let r = t.http[method](`/actionhub${path}`);
  const key = opts.key === undefined ? KEY : opts.key;
  const program = opts.program === undefined ? 'p-test' : opts.program;
  if (key !== null) r = r.set('actionhub-key', key);
  if (program !== null) r = r.set('program-id', program);
  return r;
}

/** Sends a body byte for byte (superagent would otherwise re-serialize it or add a Content-Type). */
export function postJson(t: TestApp, path: string, body: string | Buffer, opts: { program?: string | null; key?: string | null; contentType?: string | null } = {}) {
  const r = ah(t, path === '/labels' ? 'put' : 'post', path, opts);
  const ct = opts.contentType === undefined ? 'application/json' : opts.contentType;
  if (ct !== null) r.set('content-type', ct);
  return r.serialize((x: unknown) => x as string).send(Buffer.isBuffer(body) ? body : Buffer.from(body));
}
