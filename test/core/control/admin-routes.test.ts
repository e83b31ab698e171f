import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRouter } from '../../../src/core/admin/router.js';
import { adminSpecOf } from '../../../src/core/admin/spec.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// The admin spec as served: the core one composed with every service's fragment.
const specPaths = async () => ((await adminSpecOf(t.rt)) as { paths: Record<string, Record<string, unknown>> }).paths;
const specRoutes = async () => Object.entries(await specPaths()).flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`));

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}
const routesOf = (router: { stack: RouteLayer[] }, prefix = '') =>
  router.stack.flatMap((l) => (l.route ? [l.route.path].flat().flatMap((p) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${prefix}${p.replace(/:[A-Za-z_]+/g, '{}')}`)) : []));

describe('the admin spec and the admin router', () => {
  it('documents every route the router has, services\' admin routes included', async () => {
    const documented = new Set(await specRoutes());
    const served = routesOf(adminRouter(t.rt, () => true) as unknown as { stack: RouteLayer[] });
    for (const svc of t.rt.services) {
      if (!svc.module.adminRoutes) continue;
      const sub = express.Router();
      svc.module.adminRoutes(sub, () => {
        throw new Error('not called');
      });
      served.push(...routesOf(sub as unknown as { stack: RouteLayer[] }, `/${svc.module.name}`));
    }
    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('serves every route the spec documents', async () => {
    for (const route of await specRoutes()) {
      const [method, path] = route.split(' ') as [string, string];
      if (path === '/requests/stream') continue; // never ends; journal.test.ts reads it
      const url = `/__admin${path.replace('{}', path.startsWith('/docs/assets') ? 'swagger-ui.css' : path.startsWith('/specs') ? 'sensu' : 'nope')}`;
      const r = await t.http[method.toLowerCase() as 'get'](url).send(method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(r.status, route).not.toBe(405);
      if (r.status === 404) expect(r.body.error.message, route).not.toMatch(/^no admin route/);
    }
  });
});

describe('admin errors', () => {
  it('answers a known path with a wrong method 405 with Allow, an unknown one 404', async () => {
    const r = await t.http.patch('/__admin/faults');
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe('POST, GET, DELETE');
    expect(r.body).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining('PATCH') } });
    expect((await t.http.put('/__admin/faults/f1')).status).toBe(405);
    expect((await t.http.post('/__admin/nope')).status).toBe(404);
  });

  it('are {"error":{"code","message"}} for every kind of bad call', async () => {
    const calls = [
      t.http.put('/__admin/state').set('content-type', 'application/json').send('{bad'),
      t.http.get('/__admin/requests?limit=x'),
      t.http.get('/__admin/requests?unmatched=maybe'),
      t.http.get('/__admin/requests?service=a&service=b'),
      t.http.post('/__admin/requests/count').send({ query: { a: 1 } }),
      t.http.post('/__admin/requests/find').send({ headers: ['x'] }),
      t.http.post('/__admin/faults').send({ service: 'webflow', path: 'v2/sites', status: 500 }),
      t.http.delete('/__admin/faults/nope'),
      t.http.put('/__admin/clock').send({ now: 'soon' }),
      t.http.post('/__admin/reset?service=nope'),
      t.http.delete('/__admin/sandboxes/never'),
      t.http.get('/__admin/specs/nope'),
      t.http.get('/__admin/docs/assets/nope.js'),
      t.http.get('/__admin/state?sandbox=bad%20name'),
      t.http.post('/__admin/sensu/namespaces').send({ name: 'Not Valid' }),
      t.http.get('/__admin'),
    ];
    for (const r of await Promise.all(calls)) {
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(r.body)).toEqual(['error']);
      expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message']);
      expect(typeof r.body.error.code).toBe('string');
      expect(r.body.error.message.length).toBeGreaterThan(5);
    }
  });
});
