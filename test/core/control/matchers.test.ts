import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';
import { compileGlob } from '../../../src/core/control/glob.js';

let s: RunningStandin;
beforeAll(async () => {
  s = await serve({ services, logLevel: 'silent' });
});
afterAll(async () => {
  await s.close();
});

const admin = (path: string, body?: unknown) =>
  fetch(`${s.url}/__admin${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const count = async (m: object) => {
  const r = await admin('/requests/count', m);
  expect(r.status).toBe(200);
  return ((await r.json()) as { count: number }).count;
};

describe('globs never backtrack', () => {
  it('answers a pathological pattern over a long path at once (a backtracking regexp took 12 s)', async () => {
    await fetch(`${s.url}/__admin/requests`, { method: 'DELETE' });
    await fetch(`${s.url}/actionhub/${'a'.repeat(200)}`, { headers: { 'actionhub-key': 'demo-actionhub-key' } });
    for (const path of ['**a**a**a**a**c', '**a**a**a**a**a**c', '/*a*a*a*a*a*a*a*a*c', `/${'*a'.repeat(40)}c`]) {
      const started = performance.now();
      expect(await count({ path })).toBe(0);
      // Generous for a shared CI machine; the backtracking version blocked the whole server for seconds.
      expect(performance.now() - started, path).toBeLessThan(1000);
    }
    // The same pattern shapes still match when they should.
    expect(await count({ path: '**a**a**a**a**a' })).toBe(1);
    expect(await count({ path: `/${'a'.repeat(200)}` })).toBe(1);
  });

  it('the same for a fault rule\'s path and header and query matchers', async () => {
    const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'a'.repeat(200) };
    const added = await admin('/faults', { service: 'actionhub', path: '**a**a**a**a**a**c', status: 503 });
    expect(added.status).toBe(201);
    const started = performance.now();
    expect((await fetch(`${s.url}/actionhub/${'a'.repeat(200)}?q=${'a'.repeat(200)}`, { headers })).status).toBe(404);
    expect(await count({ headers: { 'program-id': '*a*a*a*a*a*a*a*a*c' }, query: { q: '**a**a**a**a**c' } })).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
    await fetch(`${s.url}/__admin/faults`, { method: 'DELETE' });
  });

  it('refuses a glob longer than 1,024 characters (an exact value may be longer)', async () => {
    const r = await admin('/requests/count', { path: `/${'a*'.repeat(600)}` });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect(await count({ path: `/${'a'.repeat(2000)}` })).toBe(0);
    const fault = await admin('/faults', { path: `/${'*'.repeat(1100)}`, status: 500 });
    expect(fault.status).toBe(400);
    expect((await fetch(`${s.url}/__admin/requests?path=${'%2A'.repeat(1100)}`)).status).toBe(400);
  });
});

describe('glob semantics', () => {
  it('`*` stays within a segment, `**` crosses them, `?` is one character but `/`, the rest is literal', async () => {
    await fetch(`${s.url}/__admin/requests`, { method: 'DELETE' });
    const h = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'glob' };
    for (const p of ['/assets', '/labels', '/a.b/c+d', '/x/y/z']) await fetch(`${s.url}/actionhub${p}?tag=v1/beta`, { headers: h });
    const cases: [string, number][] = [
      ['/assets', 1],
      ['/*', 2],
      ['/*s', 2],
      ['/**', 4],
      ['/*/*', 1],
      ['/**/z', 1],
      ['/x/*', 0],
      ['/x/**', 1],
      ['/?abels', 1],
      ['/a?b/c+d', 1],
      ['/a.b/c?d', 1],
      ['/a*b', 0],
      ['/[a]ssets', 0],
      ['/(assets|labels)', 0],
    ];
    for (const [path, n] of cases) expect(await count({ path }), path).toBe(n);
    expect(await count({ query: { tag: 'v1*' } })).toBe(0);
    expect(await count({ query: { tag: 'v1**' } })).toBe(4);
    expect(await count({ query: { tag: 'v1?beta' } })).toBe(0);
  });

  it('agrees with the regexp it replaces on every short pattern and text over a small alphabet', () => {
    // The old compilation, the reference for the semantics (its cost was the problem, not its answers).
    const reference = (glob: string) =>
      new RegExp(`^${glob.replace(/\*\*|\*|\?|[.+^${}()|[\]\\]/g, (m) => (m === '**' ? '.*' : m === '*' ? '[^/]*' : m === '?' ? '[^/]' : `\\${m}`))}$`);
    const words = (alphabet: string, max: number): string[] => {
      const out = [''];
      for (let len = 1, layer = ['']; len <= max; len++) out.push(...(layer = layer.flatMap((w) => [...alphabet].map((c) => w + c))));
      return out;
    };
    const texts = words('a/.', 5);
    let checked = 0;
    for (const glob of words('a/*?.', 4)) {
      const mine = compileGlob(glob);
      const theirs = reference(glob);
      for (const text of texts) {
        if (mine.test(text) !== theirs.test(text)) expect.fail(`glob ${JSON.stringify(glob)} on ${JSON.stringify(text)}`);
        checked++;
      }
    }
    expect(checked).toBe(781 * 364);
    // Patterns past one 32-bit word of states.
    const long = ['a'.repeat(40), `*${'a'.repeat(40)}*`, `${'a/'.repeat(20)}**`, '?'.repeat(33), `**${'a?'.repeat(20)}**`, `${'a*'.repeat(35)}/`];
    const longTexts = ['a'.repeat(40), 'a'.repeat(41), `${'a/'.repeat(20)}x`, `b${'a'.repeat(40)}b`, 'a'.repeat(33), `${'ab'.repeat(20)}/`, `x/${'a/'.repeat(20)}`, `${'a'.repeat(70)}/`];
    for (const glob of long) for (const text of longTexts) expect(compileGlob(glob).test(text), `${glob} on ${text}`).toBe(reference(glob).test(text));
  });
});
