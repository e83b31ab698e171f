import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/services.js';
import { testServices } from '../helpers/registry.js';
import { REPO_ROOT } from '../../src/core/boot/standin.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { defineService } from '../../src/core/service/module.js';
import { actionhub } from '../../src/services/actionhub/index.js';

/** What every registered service owes, whatever its wire shapes (a fifth service is covered with no new code): the four and the fake. */
describe.each(testServices.map((s) => [s.name, s] as const))('service %s', (name, service) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ services: testServices });
  });
  afterAll(async () => {
    await t.close();
  });

  // Where a shipped service's files live (specs/, fixtures/, test/, src/services/): about the real
  // registry only, so the fake (whose files are all under test/fake/) is not held to it.
  it.runIf(services.includes(service))('has its spec, fixtures folder and test folder under its own name', async () => {
    expect(service.specFile).toBe(`specs/${name}.openapi.yaml`);
    for (const path of [service.specFile, `fixtures/${name}`, `test/${name}`, `src/services/${name}/openapi.generated.ts`]) {
      await expect(access(join(REPO_ROOT, path))).resolves.toBeUndefined();
    }
  });

  it('answers an unknown path under its prefix itself: a 4xx, never HTML or a stack trace', async () => {
    const r = await t.http.get(`/${name}/__no_such_path__/x`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.text).not.toMatch(/<html|at .*\(.*:\d+:\d+\)/i);
  });

  it('has its spec validator live: every operation with a required JSON body refuses a wrong-typed one', async () => {
    const svc = t.rt.services.find((s) => s.module.name === name)!;
    const ops = svc.spec.operations.filter((o) => (o.operation.requestBody as { required?: boolean } | undefined)?.required);
    for (const op of ops) {
      const path = op.path.replace(/\{[^}]+\}/g, 'x');
      const r = await t.http[op.method as 'post'](`/${name}${path}`).set('content-type', 'application/json').send('12345');
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBeLessThan(500);
    }
  });

  it('never answers malformed JSON with a 5xx', async () => {
    const svc = t.rt.services.find((s) => s.module.name === name)!;
    for (const op of svc.spec.operations.filter((o) => o.operation.requestBody)) {
      const path = op.path.replace(/\{[^}]+\}/g, 'x');
      const r = await t.http[op.method as 'post'](`/${name}${path}`).set('content-type', 'application/json').send('{bad');
      expect(r.status, `${op.method.toUpperCase()} ${op.path}`).toBeLessThan(500);
    }
  });
});

describe('response checking in tests', () => {
  it('turns a handler answer that the spec does not document into a loud 500', async () => {
    const offSpec = defineService({
      ...actionhub,
      operations: { ...actionhub.operations, get_labels: () => ({ status: 200, json: { items: 'not a list', total: -1 } }), get_assets: () => ({ status: 201, json: {} }) },
    });
    const t = await testApp({ services: [offSpec] });
    try {
      const headers = { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p' };
      const body = await t.http.get('/actionhub/labels').set(headers);
      expect(body.status).toBe(500);
      expect(body.body.standin_error).toBe('response does not match the spec');
      const status = await t.http.get('/actionhub/assets').set(headers);
      expect(status.status).toBe(500);
      expect(status.body.detail).toMatch(/does not document status 201/);
    } finally {
      await t.close();
    }
  });
});
