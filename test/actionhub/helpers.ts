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

/** Standin listening on 127.0.0.1 (an ephemeral port), for clients that speak plain fetch. */
export async function listen(t: TestApp): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/actionhub`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Freezes Standin's clock at an ISO time (the admin API's `PUT /__admin/clock`). */
export async function freezeClock(t: TestApp, iso: string): Promise<void> {
  const r = await t.http.put('/__admin/clock').send({ now: iso });
  if (r.status !== 200) throw new Error(`clock: ${r.status} ${r.text}`);
}

/** Makes a program with the admin key, as the Shopify client does; returns its own key's headers. */
export async function newProgram(t: TestApp, body: Record<string, unknown>): Promise<{ 'actionhub-key': string; 'program-id': string }> {
  const r = await t.http.post('/actionhub/programs').set('actionhub-key', KEY).send(body);
  if (r.status !== 200) throw new Error(`POST /programs: ${r.status} ${r.text}`);
  return { 'actionhub-key': r.body.api_key as string, 'program-id': r.body.program_id as string };
}

/**
 * A program small enough to work its weights out by hand (no decay, every user engaged): alice buys A
 * and B, bob A and C, carol B, dave A. Assets A [x, y], B [y], C ["2024"]; label y weighs 2. Rebased.
 */
export async function smallProgram(t: TestApp, program: string, config: Record<string, unknown> = {}): Promise<void> {
  const headers = { 'actionhub-key': KEY, 'program-id': program };
  const ok = (r: { status: number; text: string }) => {
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  };
  ok(await t.http.put('/actionhub/program').set(headers).send({ program_id: program, program_name: 'small', ...config }));
  ok(await t.http.post('/actionhub/assets').set(headers).send({ assets: [{ asset_id: 'A', asset_name: 'Asset A', labels: ['x', 'y'] }, { asset_id: 'B', labels: ['y'] }, { asset_id: 'C', asset_name: 'Asset C', labels: ['2024'] }] }));
  ok(await t.http.put('/actionhub/labels').set(headers).send({ labels: [{ label: 'y', weight: 2 }] }));
  const took: [string, string][] = [['alice', 'A'], ['alice', 'B'], ['bob', 'A'], ['bob', 'C'], ['carol', 'B'], ['dave', 'A']];
  const events = took.map(([user_id, asset_id]) => ({ user_id, event_timestamp: '2025-12-01T00:00:00Z', event_type: 'buy', asset_id, labels: user_id === 'dave' ? [' promo '] : [] }));
  ok(await t.http.post('/actionhub/events?process_user_actions=false').set(headers).send({ events }));
  ok(await t.http.put('/actionhub/program/rebase').set(headers));
}
