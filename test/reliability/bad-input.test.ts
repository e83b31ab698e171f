import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportState } from '../../src/core/state/seeding.js';
import { DEFAULT_BODY_LIMIT } from '../../src/core/pipeline/body.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fillPath, kitsFor, type ServiceKit } from '../helpers/kit.js';
import { testServices, underLoadOptions } from '../helpers/registry.js';

const STACK = /\bat .+\(.*:\d+:\d+\)|\bat (?:async )?[\w.<>]+ \(|node:internal|node_modules\//;

interface Case {
  name: string;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Must the answer be a 4xx (else any non-5xx will do)? */
  mustRefuse: boolean;
  /** Over the body limit: a 413 wherever the operation documents one (Sensu's Go answers 400). */
  tooLarge?: boolean;
}

function cases(limit: number): Case[] {
  const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  return [
    { name: 'malformed JSON', body: '{"a": ', mustRefuse: true },
    { name: 'an empty body', body: '', mustRefuse: false },
    { name: 'a JSON array', body: '[1, 2, 3]', mustRefuse: false },
    { name: 'a JSON string', body: '"just a string"', mustRefuse: false },
    { name: 'JSON null', body: 'null', mustRefuse: false },
    { name: 'JSON under a text/plain Content-Type', body: '{"a":1}', contentType: 'text/plain', mustRefuse: false },
    { name: 'XML', body: '<a>1</a>', contentType: 'application/xml', mustRefuse: false },
    { name: 'a body over the size limit', body: `{"a":"${'x'.repeat(limit + 10)}"}`, mustRefuse: true, tooLarge: true },
    { name: 'JSON nested 20,000 deep', body: `{"a": ${nested}}`, mustRefuse: false },
    { name: 'a very long string', body: JSON.stringify({ title: 'x'.repeat(200_000), fileName: 'y'.repeat(200_000), comment: 'z'.repeat(200_000) }), mustRefuse: false },
    { name: '__proto__, constructor and prototype keys', body: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": {"polluted": true}}', mustRefuse: false },
    { name: 'bytes that are not UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), mustRefuse: false },
    { name: 'a method-override header', body: '{}', headers: { 'X-HTTP-Method-Override': 'DELETE', 'X-Method-Override': 'DELETE' }, mustRefuse: false },
  ];
}

const kits = await kitsFor(testServices.map((s) => s.name));

// Every registered service and the fake, every operation with a body: never a 5xx, never a trace, nothing changed.
describe.each(testServices.map((s) => [s.name]))('%s: bad input', (name) => {
  let t: TestApp;
  let kit: ServiceKit;
  let seeded: Record<string, string>;
  let auth: Record<string, string>;
  // Every test here needs the kit's credentials and data: without a kit they are skipped (kitsFor says why).
  const it = kits[name] ? test : test.skip;
  beforeAll(async () => {
    t = await testApp({ services: testServices, options: underLoadOptions() });
    if (!kits[name]) return;
    kit = kits[name];
    seeded = await kit.seed(t, 'badinput');
    auth = await kit.auth(t, 'a');
  });
  afterAll(async () => {
    await t.close();
  });
  const svc = () => t.rt.services.find((s) => s.module.name === name)!;

  const check = async (label: string, send: () => Promise<{ status: number; text: string; headers: Record<string, string> }>, mustRefuse: boolean, exactly?: number) => {
    const before = JSON.stringify(exportState(t.rt, 'default', [name]));
    const r = await send();
    expect(r.status, `${label}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
    if (mustRefuse) expect(r.status, label).toBeGreaterThanOrEqual(400);
    if (exactly !== undefined) expect(r.status, `${label}: ${r.text.slice(0, 200)}`).toBe(exactly);
    expect(r.text, `${label}: a stack trace`).not.toMatch(STACK);
    expect(r.headers['content-type'] ?? '', `${label}: HTML`).not.toMatch(/html/);
    if (r.status >= 400) expect(JSON.stringify(exportState(t.rt, 'default', [name])), `${label}: state changed by a refused request`).toBe(before);
    expect(({} as Record<string, unknown>)['polluted'], `${label}: prototype polluted`).toBeUndefined();
  };

  it('answers every bad body with a clear 4xx in its own shape, changes nothing and stays up', async () => {
    const limit = svc().module.framework.body?.limit ?? DEFAULT_BODY_LIMIT;
    for (const op of svc().spec.operations.filter((o) => o.operation.requestBody)) {
      for (const c of cases(limit)) {
        const path = `/${name}${fillPath(op.path, seeded)}`;
        await check(`${op.method.toUpperCase()} ${op.path} with ${c.name}`, async () => {
          const r = t.http[op.method as 'post'](path).set(auth).set(c.headers ?? {}).set('content-type', c.contentType ?? 'application/json');
          return r.serialize((x: unknown) => x as string).send(Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body));
        }, c.mustRefuse, c.tooLarge && '413' in (op.operation.responses ?? {}) ? 413 : undefined);
      }
    }
    expect((await t.http.get('/__admin/health')).status).toBe(200);
  });

  it('answers path tricks, huge ids and repeated query parameters without a 5xx', async () => {
    const tricks = ['..', '%2e%2e', 'a%2Fb', '%2F..%2F..%2Fetc%2Fpasswd', 'x'.repeat(5000), '%00', '%ZZ', '😀'];
    for (const op of svc().spec.operations) {
      const names = op.path.match(/\{[^}]+\}/g) ?? [];
      const bodyless = op.operation.requestBody ? {} : undefined;
      for (const trick of names.length ? tricks : ['']) {
        const path = `/${name}${op.path.replace(/\{[^}]+\}/g, trick)}?limit=1&limit=2&page=1&page=x`;
        await check(`${op.method.toUpperCase()} ${path.slice(0, 80)}`, () => {
          const r = t.http[op.method as 'get'](path).set(auth);
          return bodyless ? r.send(bodyless) : r;
        }, false);
      }
    }
  });

  it('stores unicode and NUL byte for byte', async () => {
    const text = 'ünï €😀 \u0000 nul \u2028 "quoted" <&> \u{10FFFF}';
    expect(await kit.roundtrip(t, text)).toBe(text);
  });
});
