import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { EXPECTED_CHAIN, specValidator, type ValidatorRequest } from '../../src/core/pipeline/validator.js';
import type { OpenApiDocument, SpecOperation } from '../../src/core/boot/spec.js';

// The one seam express-openapi-validator lacks (validating a request whose operation is known) is
// bridged in src/core/pipeline/validator.ts; this pins what it relies on at the installed version.
const version = (createRequire(import.meta.url)('express-openapi-validator/package.json') as { version: string }).version;

const doc = {
  openapi: '3.1.0',
  info: { title: 'pin', version: '1' },
  paths: {
    '/things/{id}': {
      put: {
        operationId: 'put_thing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 5 } },
          { name: 'n', in: 'query', schema: { type: 'integer' } },
          { name: 'ids', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
} as unknown as OpenApiDocument;
const op = { operationId: 'put_thing', method: 'put', path: '/things/{id}', operation: doc.paths!['/things/{id}']!.put!, parameters: [] } as unknown as SpecOperation;

const reading = (id: string, query: Record<string, unknown>, body: unknown): ValidatorRequest => {
  const url = `/things/${id}${Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : ''}`;
  return { method: 'PUT', url, originalUrl: url, path: `/things/${id}`, baseUrl: '', headers: { 'content-type': 'application/json' }, query, params: {}, body, cookies: undefined, app: express() };
};

const errorsOf = async (validate: Awaited<ReturnType<typeof specValidator>>, r: ValidatorRequest) =>
  validate(r, op, { id: r.path.split('/')[2]! }).then(() => [], (e: { errors?: { path: string; errorCode?: string }[] }) => (e.errors ?? []).map((x) => `${x.path} ${x.errorCode}`).sort());

describe(`express-openapi-validator ${version}, as pipeline/validator.ts uses it`, () => {
  it('builds the chain the adapter expects from its public middleware() options', () => {
    const chain = OpenApiValidator.middleware({ apiSpec: structuredClone(doc) as never, validateRequests: true, validateResponses: false, validateSecurity: false, fileUploader: false });
    expect(chain.map((f) => f.name).join()).toBe(EXPECTED_CHAIN);
  });

  it('answers the same through the short way (operation known) as through the whole chain, and coerces the reading in place', async () => {
    const validate = await specValidator(doc);
    const cases: [string, Record<string, unknown>, unknown][] = [
      ['ok', { n: '7' }, { name: 'x' }],
      ['toolong', { n: 'x' }, { name: 1 }],
      ['ok', {}, {}],
      ['ok', {}, undefined],
    ];
    // The first request of an operation takes the whole chain; the rest the short way.
    const first = reading('ok', { n: '7' }, { name: 'x' });
    expect(validate.shortFor('put_thing')).toBe(false);
    expect(await errorsOf(validate, first)).toEqual([]);
    expect(first.query['n']).toBe(7);
    expect(validate.shortFor('put_thing')).toBe(true);
    const whole = await specValidator(doc);
    for (const [id, query, body] of cases) {
      const fresh = await specValidator(doc);
      const viaChain = await errorsOf(fresh, reading(id, { ...query }, structuredClone(body)));
      const short = reading(id, { ...query }, structuredClone(body));
      expect(await errorsOf(validate, short), `${id} ${JSON.stringify(query)} ${JSON.stringify(body)}`).toEqual(viaChain);
      expect(await errorsOf(whole, reading(id, { ...query }, structuredClone(body)))).toEqual(viaChain);
    }
    expect(await errorsOf(validate, reading('toolong', { n: 'x' }, { name: 1 }))).toEqual(['/body/name type.openapi.validation', '/params/id maxLength.openapi.validation', '/query/n type.openapi.validation']);
  });

  it('keeps what the validator makes of a query value (a comma-separated list, explode: false, becomes the list)', async () => {
    const validate = await specValidator(doc);
    for (let i = 0; i < 2; i++) {
      const r = reading('ok', { ids: 'a,b', n: '3' }, { name: 'x' });
      expect(await errorsOf(validate, r)).toEqual([]);
      expect(r.query).toEqual({ ids: ['a', 'b'], n: 3 });
    }
  });

  it('answers a path parameter that does not decode itself, through the whole chain', async () => {
    const validate = await specValidator(doc);
    await validate(reading('ok', {}, { name: 'x' }), op, { id: 'ok' });
    const err = await validate(reading('%E0%A4%A', {}, { name: 'x' }), op, { id: '%E0%A4%A' }).catch((e: { status?: number }) => e);
    expect((err as { status?: number }).status).toBe(400);
  });
});
