import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningStandin } from '../../../src/core/boot/standin.js';
import { services } from '../../../src/services.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with exactly the headers given (fetch would not let a test set Host). */
function raw(s: RunningStandin, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, method, path, headers, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end(body);
  });
}

const errorOf = (a: Answer) => (JSON.parse(a.text) as { error: { code: string; message: string } }).error;

let s: RunningStandin;
let own: string;
beforeAll(async () => {
  s = await serve({ services, logLevel: 'silent' });
  own = `127.0.0.1:${s.port}`;
});
afterAll(async () => {
  await s.close();
});

const ahHeaders = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'csrf', 'content-type': 'application/json' };

describe('the admin API is closed to other sites', () => {
  it('refuses a cross-site form post (Origin of another site, text/plain) to /__admin/reset: 403, nothing reset', async () => {
    expect((await raw(s, 'POST', '/actionhub/assets', { host: own, ...ahHeaders }, JSON.stringify({ assets: [{ asset_id: 'keep-me' }] }))).status).toBe(200);
    for (const origin of ['http://evil.example', 'null', `http://localhost:${s.port}`, `https://${own}`]) {
      const r = await raw(s, 'POST', '/__admin/reset', { host: own, origin, 'content-type': 'text/plain' }, 'x');
      expect(r.status, origin).toBe(403);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(errorOf(r).code).toBe('forbidden_origin');
    }
    for (const [method, path] of [['GET', '/__admin/state'], ['DELETE', '/__admin/requests'], ['PUT', '/__admin/clock'], ['POST', '/__admin/faults']] as const) {
      expect((await raw(s, method, path, { host: own, origin: 'http://evil.example' })).status, `${method} ${path}`).toBe(403);
    }
    const state = await raw(s, 'GET', '/__admin/state?service=actionhub', { host: own });
    expect(state.text).toContain('keep-me');
    // Standin's own pages (the docs) send their own origin, and tools send none.
    expect((await raw(s, 'GET', '/__admin/health', { host: own, origin: `http://${own}` })).status).toBe(200);
    expect((await raw(s, 'GET', '/__admin/health', { host: `localhost:${s.port}`, origin: `http://localhost:${s.port}` })).status).toBe(200);
    expect((await raw(s, 'GET', '/__admin/sandboxes', { host: own })).status).toBe(200);
  });

  it('on loopback, refuses a Host that is not a loopback name (DNS rebinding) and never reflects it', async () => {
    for (const host of ['evil.example', `evil.example:${s.port}`, 'a/b?c#d', '127.0.0.1.evil.example']) {
      const r = await raw(s, 'GET', '/__admin/state', { host });
      expect(r.status, host).toBe(403);
      expect(errorOf(r).code).toBe('forbidden_host');
    }
    for (const host of [`localhost:${s.port}`, 'localhost', `127.9.8.7:${s.port}`, `[::1]:${s.port}`, 'LOCALHOST']) {
      expect((await raw(s, 'GET', '/__admin/health', { host })).status, host).toBe(200);
    }
    // Webflow's upload URL (and every URL a service hands out) falls back to the address the request came in on.
    const create = (host: string) =>
      raw(s, 'POST', '/webflow/v2/sites/580e63e98c9a982ac9b8b741/assets', { host, authorization: 'Bearer demo-token', 'content-type': 'application/json' }, JSON.stringify({ fileName: 'r.png', fileHash: 'd41d8cd98f00b204e9800998ecf8427e' }));
    for (const host of ['a/b?c#d', 'evil.example', `evil.example:${s.port}`]) {
      const r = await create(host);
      expect(r.status, host).toBe(200);
      const body = JSON.parse(r.text) as { uploadUrl: string; hostedUrl: string };
      expect(body.uploadUrl.startsWith(`http://${own}/webflow/`), body.uploadUrl).toBe(true);
      expect(body.hostedUrl.startsWith(`http://${own}/webflow/`), body.hostedUrl).toBe(true);
    }
    // A loopback name is the client's own way in, kept.
    expect((JSON.parse((await create(`localhost:${s.port}`)).text) as { uploadUrl: string }).uploadUrl.startsWith(`http://localhost:${s.port}/`)).toBe(true);
    // ActionHub's redirect (Starlette's redirect_slashes) too.
    const moved = await raw(s, 'GET', '/actionhub/assets/', { host: 'evil.example', 'actionhub-key': 'demo-actionhub-key' });
    expect(moved.status).toBe(307);
    expect(moved.headers['location']).toBe(`http://${own}/actionhub/assets`);
  });
});

describe('with --public-url', () => {
  it('takes its host as Standin\'s own name too', async () => {
    const p = await serve({ services, logLevel: 'silent', publicUrl: 'http://standin.test:8080' });
    try {
      expect((await raw(p, 'GET', '/__admin/health', { host: 'standin.test:8080', origin: 'http://standin.test:8080' })).status).toBe(200);
      expect((await raw(p, 'GET', '/__admin/health', { host: 'other.test:8080' })).status).toBe(403);
      expect((await raw(p, 'GET', '/__admin/health', { host: `127.0.0.1:${p.port}`, origin: 'http://standin.test:8080' })).status).toBe(200);
      const services = JSON.parse((await raw(p, 'GET', '/__admin/services', { host: `127.0.0.1:${p.port}` })).text) as { services: { baseUrls: string[] }[] };
      expect(services.services[0]!.baseUrls[0]!.startsWith('http://standin.test:8080/')).toBe(true);
    } finally {
      await p.close();
    }
  });
});
