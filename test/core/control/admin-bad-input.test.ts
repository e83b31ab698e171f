import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request as written (no client normalises its path); a streaming answer is read for a moment, then dropped. */
function send(s: RunningStandin, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node sends a DELETE's body with no length unless told: the server would read it as the next request.
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port: s.port, method, path, headers: { ...headers, ...length }, timeout: 10_000 }, (res) => {
      let text = '';
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      if (res.headers['content-type'] === 'text/event-stream') {
        res.destroy();
        return done();
      }
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', done);
    });
    req.on('error', (e) => reject(new Error(`${method} ${path.slice(0, 100)}: ${e.message}`)));
    req.on('timeout', () => req.destroy(new Error(`got no answer in 10 s`)));
    req.end(body);
  });
}

/** 4xx answers are Standin's own error shape, JSON; nothing is a 5xx. */
function expectSafe(a: Answer, what: string): void {
  expect(a.status, `${what} → ${a.status} ${a.text.slice(0, 200)}`).toBeLessThan(500);
  expect(a.status, what).toBeGreaterThanOrEqual(200);
  if (a.status >= 400 && a.text) {
    expect(a.headers['content-type'], what).toBe('application/json; charset=utf-8');
    const body = JSON.parse(a.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  }
}

let s: RunningStandin;
let routes: [string, string][];
beforeAll(async () => {
  s = await serve({ services, logLevel: 'silent' });
  const spec = (await (await fetch(`${s.url}/__admin/specs/admin`)).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => [m.toUpperCase(), path] as [string, string]),
  );
});
afterAll(async () => {
  await s.close();
});

// Path parameters and segments: bad %-escapes, NUL, escaped and plain dot-dot, overlong, invalid UTF-8.
const BAD_SEGMENTS = ['%ZZ', 'a%00b', '..%2Fx', '..%2F..%2Fpackage.json', '%2e%2e', '..', '%', '%C0%AF', 'x'.repeat(4000), '%FF%FE', '%E2%80%AE'];
// Query strings: bad escapes, NUL, sandbox tricks, repeated and bracketed parameters, huge numbers, wrong words.
const BAD_QUERIES = [
  'sandbox=%ZZ', 'sandbox=a%00b', 'sandbox=..', 'sandbox=.', 'sandbox=x&sandbox=y', 'sandbox[]=x', 'sandbox[a]=b', `sandbox=${'s'.repeat(100)}`,
  'service=%ZZ', 'service=nope', 'service=actionhub&service=sensu', 'limit=1e999', 'limit=99999999999999999999999', 'limit=-1', 'limit=0x10', 'status=NaN',
  'status=99999999999999999999', 'since=%00', 'since=+275760-09-13T00:00:00.001Z', 'unmatched=maybe', 'path=%ZZ', `path=${'%2A'.repeat(2000)}`, 'token=%ZZ', 'method=%00',
];
// Bodies: not JSON, JSON of every wrong type, huge and non-finite numbers, deep nesting, NUL, prototype keys.
const BAD_BODIES: (string | Buffer)[] = [
  '{', '{"a":', 'nul', '\u0000', '[]', '"text"', '42', 'null', 'true', '1e999', '-0',
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', `${'['.repeat(5000)}${']'.repeat(5000)}`,
  JSON.stringify({ now: '+275760-09-13T00:00:00.000Z' }), JSON.stringify({ now: 8.64e15 }), JSON.stringify({ now: '\u0000' }), JSON.stringify({ frozen: 'yes', now: '2026-01-01T00:00:00Z' }),
  JSON.stringify({ path: '**a**a**a**a**a**c', headers: { 'x-api-key': 'd*' } }), JSON.stringify({ headers: [] }), JSON.stringify({ headers: { a: 1 } }), JSON.stringify({ query: { a: null } }),
  JSON.stringify({ status: 99999999999999999999 }), JSON.stringify({ status: 'x', times: 1e308, probability: 2, latencyMs: -1 }), JSON.stringify({ service: {}, status: 500 }),
  JSON.stringify({ services: { actionhub: [] } }), JSON.stringify({ services: { nope: {} } }), JSON.stringify({ services: { sensu: { shared: { namespaces: { x: 'not a record' } } } } }),
  JSON.stringify({ name: '' }), JSON.stringify({ name: '\u0000' }), JSON.stringify({ name: 'x'.repeat(100_000) }), JSON.stringify({ name: ['a'] }),
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
];
const BAD_HEADERS: Record<string, string>[] = [
  { 'content-type': 'application/json; charset=ebcdic' },
  { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  { 'content-type': 'application/json', 'content-encoding': 'br, compress' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { cookie: 'standin_admin_token=%ZZ' },
  { range: 'bytes=999999999-' },
  { range: 'bytes=abc' },
  { 'if-none-match': '"unterminated, W/' },
  { 'if-modified-since': 'not a date', 'if-range': 'x' },
  { accept: 'application/yaml' },
];

const fill = (path: string, segment: string) => path.replace(/\{[^}]+\}/g, segment);

describe('every admin route answers bad input with a 4xx in the admin shape, never a 5xx', () => {
  it('covers the admin spec\'s every route (services\' fragments included)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes).toContainEqual(['POST', '/sensu/namespaces']);
  });

  it('bad path parameters and bad extra segments', async () => {
    for (const [method, path] of routes) {
      const segments = path.includes('{') ? BAD_SEGMENTS : BAD_SEGMENTS.slice(0, 4);
      for (const seg of segments) {
        const target = path.includes('{') ? fill(path, seg) : `${path}/${seg}`;
        expectSafe(await send(s, method, `/__admin${target}`), `${method} ${target.slice(0, 80)}`);
      }
    }
    for (const path of ['/%ZZ', '/a%00b', '/docs/assets/..%2Fx', '/docs/assets/%ZZ', '/docs/assets/a%00b', '/docs/assets/%2e%2e/%2e%2e/package.json', '/specs/..%2F..%2Fpackage.json', '/docs/assets/']) {
      expectSafe(await send(s, 'GET', `/__admin${path}`), path);
    }
  });

  it('bad query strings', async () => {
    for (const [method, path] of routes) {
      for (const q of BAD_QUERIES) {
        const target = `/__admin${fill(path, 'x')}?${q}`;
        expectSafe(await send(s, method, target, { 'content-type': 'application/json' }, method === 'GET' ? undefined : '{}'), `${method} ${target.slice(0, 100)}`);
      }
    }
  });

  it('bad bodies, of every wrong type, and bad headers', async () => {
    for (const [method, path] of routes.filter(([m]) => m !== 'GET')) {
      for (const body of BAD_BODIES) {
        const what = `${method} ${path} ${String(body).slice(0, 60)}`;
        expectSafe(await send(s, method, `/__admin${fill(path, 'x')}`, { 'content-type': 'application/json' }, body), what);
      }
    }
    for (const [method, path] of routes) {
      for (const headers of BAD_HEADERS) {
        expectSafe(await send(s, method, `/__admin${fill(path, 'x')}`, headers, method === 'GET' ? undefined : 'not json'), `${method} ${path} ${JSON.stringify(headers)}`);
      }
    }
  });

  it('a Range past the end of a docs file is 416 with Content-Range, as a static server answers', async () => {
    const whole = await send(s, 'GET', '/__admin/docs/assets/swagger-ui.css');
    expect(whole.status).toBe(200);
    const r = await send(s, 'GET', '/__admin/docs/assets/swagger-ui.css', { range: 'bytes=999999999-' });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe(`bytes */${whole.headers['content-length']}`);
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'range_not_satisfiable', message: 'the Range asked for is outside the file' } });
    expect((await send(s, 'GET', '/__admin/docs/assets/swagger-ui.css', { range: 'bytes=0-9' })).status).toBe(206);
  });

  it('leaves Standin serving, with the clock a service can use', async () => {
    expect((await send(s, 'GET', '/__admin/health')).status).toBe(200);
    const clock = JSON.parse((await send(s, 'GET', '/__admin/clock')).text) as { now: string };
    expect(Number.isNaN(Date.parse(clock.now))).toBe(false);
    const created = await send(s, 'POST', '/webflow/v2/sites/580e63e98c9a982ac9b8b741/asset_folders', { authorization: 'Bearer demo-token', 'content-type': 'application/json' }, JSON.stringify({ displayName: 'after-battery' }));
    expect(created.status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
