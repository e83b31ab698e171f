import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../src/core/boot/standin.js';
import { services } from '../../src/services.js';
import { REFRESH_TOKENS_PER_USER } from '../../src/services/sensu/tokens.js';
import { SITE } from '../webflow/helpers.js';
import { ADMIN_BASIC } from '../sensu/helpers.js';

const AH = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'bounds', 'content-type': 'application/json' };

async function until(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

const sandboxes = async (s: RunningStandin) => ((await (await fetch(`${s.url}/__admin/sandboxes`)).json()) as { sandboxes: string[] }).sandboxes;

describe('sandboxes: made only for requests that get in, and at most --max-sandboxes', () => {
  let s: RunningStandin;
  beforeAll(async () => {
    s = await serve({ services, logLevel: 'silent', maxSandboxes: 4 });
  });
  afterAll(() => s.close());

  it('a flood of requests without credentials, each naming a new sandbox, leaves no sandbox behind', async () => {
    const refused = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const path = ['/actionhub/assets', '/mediapocket/api/v2/assets', '/sensu/api/core/v2/namespaces/default/assets', '/webflow/v2/sites/x/assets'][i % 4]!;
        const r = await fetch(`${s.url}${path}`, { headers: { 'x-standin-sandbox': `flood-${i}` } });
        await r.arrayBuffer();
        return r.status;
      }),
    );
    expect(refused.every((status) => status >= 400)).toBe(true);
    expect(await until(async () => (await sandboxes(s)).length === 1)).toBe(true);
    expect(await sandboxes(s)).toEqual(['default']);
  });

  it('past the limit a new sandbox is refused in the admin error shape, and dropping one makes room', async () => {
    for (const name of ['a', 'b', 'c']) {
      const r = await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'x-standin-sandbox': name }, body: '{"assets":[]}' });
      expect(r.status).toBe(200);
    }
    const over = await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'x-standin-sandbox': 'd' }, body: '{"assets":[]}' });
    expect(over.status).toBe(429);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_sandboxes');
    expect(body.error.message).toContain('--max-sandboxes (4)');
    // An existing sandbox still answers.
    expect((await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'x-standin-sandbox': 'a' }, body: '{"assets":[]}' })).status).toBe(200);
    expect((await fetch(`${s.url}/__admin/state?sandbox=d`)).status).toBe(429);
    expect((await fetch(`${s.url}/__admin/sandboxes/c`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: { ...AH, 'x-standin-sandbox': 'd' }, body: '{"assets":[]}' })).status).toBe(200);
    expect((await sandboxes(s)).sort()).toEqual(['a', 'b', 'd', 'default']);
  });
});

describe('the journal: bounded in memory, and its stream drops readers that stop reading', () => {
  let s: RunningStandin;
  beforeAll(async () => {
    s = await serve({ services, logLevel: 'silent', journalSize: 100_000, journalMemoryMiB: 1 });
  });
  afterAll(() => s.close());
  const big = JSON.stringify({ assets: Array.from({ length: 60 }, (_, i) => ({ asset_id: `big-${i}`, asset_name: 'x'.repeat(120) })) }); // ~10 KiB

  it('keeps the newest requests within --journal-memory, however many --journal-size allows', async () => {
    for (let i = 0; i < 200; i++) await (await fetch(`${s.url}/actionhub/assets?n=${i}`, { method: 'POST', headers: AH, body: big })).arrayBuffer();
    const { requests } = (await (await fetch(`${s.url}/__admin/requests?limit=100000`)).json()) as { requests: { query: Record<string, string> }[] };
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.length).toBeLessThan(120); // ~10 KiB request + ~8 KiB kept of each body: well under 200 fit in 1 MiB
    expect(requests[0]!.query['n']).toBe('199');
  });

  it('answers HEAD on the stream with its headers and no stream', async () => {
    const r = await fetch(`${s.url}/__admin/requests/stream`, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
  });

  it('drops a subscriber that never reads, and keeps serving one that does', async () => {
    const { port } = new URL(s.url);
    const stuck = connect({ host: '127.0.0.1', port: Number(port) });
    await new Promise<void>((r) => stuck.once('connect', () => r()));
    stuck.write('GET /__admin/requests/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    stuck.pause(); // never reads: the kernel's buffers fill, then the server's
    const closed = new Promise<void>((r) => stuck.once('close', () => r()));

    const stopReading = new AbortController();
    const reader = await fetch(`${s.url}/__admin/requests/stream`, { signal: stopReading.signal });
    let events = 0;
    const reading = (async () => {
      const dec = new TextDecoder();
      for await (const chunk of reader.body!) events += (dec.decode(chunk).match(/event: request/g) ?? []).length;
    })().catch(() => {});

    // About 20 KiB of events per request: 1,500 of them pass any socket buffer and the 1 MiB backlog.
    for (let i = 0; i < 1500 && !stuck.destroyed; i += 25) {
      await Promise.all(Array.from({ length: 25 }, async () => (await fetch(`${s.url}/actionhub/assets`, { method: 'POST', headers: AH, body: big })).arrayBuffer()));
    }
    stuck.resume(); // read what was sent: the stream must end, not carry on
    const dropped = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    expect(dropped).toBe(true);
    expect(await until(() => events >= 1000, 5000)).toBe(true);
    stopReading.abort();
    await reading;
  }, 60_000);
});

describe('Sensu access list', () => {
  it('prunes expired access tokens and keeps a bounded number of refresh tokens per user', async () => {
    const s = await serve({ services, logLevel: 'silent', options: { 'sensu-token-ttl': '1' } });
    try {
      let now = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 25; i++) {
        await fetch(`${s.url}/__admin/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date((now += 5000)).toISOString() }) });
        expect((await fetch(`${s.url}/sensu/auth`, { headers: { authorization: ADMIN_BASIC } })).status).toBe(200);
      }
      const state = (await (await fetch(`${s.url}/__admin/state?service=sensu`)).json()) as { services: { sensu: { shared: { access_list: Record<string, { kind: string }> } } } };
      const kinds = Object.values(state.services.sensu.shared.access_list).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'access')).toHaveLength(1); // the 24 earlier ones had expired
      expect(kinds.filter((k) => k === 'refresh')).toHaveLength(Math.min(25, REFRESH_TOKENS_PER_USER));
    } finally {
      await s.close();
    }
  });
});

describe('S3 form parts, as S3 bounds them', () => {
  let s: RunningStandin;
  let up: { uploadUrl: string; uploadDetails: Record<string, string> };
  beforeAll(async () => {
    s = await serve({ services, logLevel: 'silent' });
    const r = await fetch(`${s.url}/webflow/v2/sites/${SITE}/assets`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'f.txt', fileHash: createHash('md5').update('f').digest('hex') }),
    });
    up = (await r.json()) as typeof up;
  });
  afterAll(() => s.close());

  const send = async (extra: (f: FormData) => void, after?: (f: FormData) => void) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(up.uploadDetails)) form.append(k, v);
    extra(form);
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'f.txt');
    after?.(form);
    const r = await fetch(up.uploadUrl, { method: 'POST', body: form });
    return { status: r.status, text: await r.text() };
  };

  it('refuses fields before the file past 20 KiB (a field, or a field sent as a file part) with MaxPostPreDataLengthExceeded', async () => {
    for (const extra of [(f: FormData) => f.append('x-ignore-big', 'v'.repeat(21 * 1024)), (f: FormData) => f.append('x-ignore-part', new Blob([Buffer.alloc(2 * 1024 * 1024)]), 'big.bin')]) {
      const r = await send(extra);
      expect(r.text).toContain('<Code>MaxPostPreDataLengthExceededError</Code>');
      expect(r.status).toBe(400);
      expect(r.text).toContain('<MaxPostPreDataLength>20480</MaxPostPreDataLength>');
    }
  });

  it('ignores parts after the file, however large, without keeping them', async () => {
    const r = await send(() => {}, (f) => {
      for (let i = 0; i < 3; i++) f.append(`after-${i}`, new Blob([Buffer.alloc(5 * 1024 * 1024)]), 'after.bin');
    });
    expect(r.status).toBe(201);
  });

  it('counts a bracket-named field (a[x]) as the field S3 sees: an extra input field', async () => {
    const r = await send((f) => f.append('a[x]', '1'));
    expect(r.status).toBe(403);
    expect(r.text).toContain('Extra input fields: a[x]');
  });
});
