import express from 'express';
import type { Request, Router } from 'express';
import { CoreError } from '../../core/http/core-error.js';
import type { AdminSpecFragment, ServiceContext } from '../../core/service/module.js';
import type { SensuData } from './store.js';

/** Standin-only: namespaces (the real namespace API is out of scope), under /__admin/sensu. */
export function sensuAdminRoutes(router: Router, context: (req: Request) => ServiceContext<SensuData>): void {
  router.get('/namespaces', (req, res) => {
    res.json({ namespaces: context(req).store.shared.values('namespaces').map((n) => n.name) });
  });
  router.post('/namespaces', express.json(), async (req, res) => {
    const name: unknown = (req.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(name)) {
      throw new CoreError(400, 'bad_request', 'body must be {"name": "<namespace>"}: lowercase letters, digits, _ . - (at most 63)');
    }
    const ctx = context(req);
    const existed = ctx.store.shared.has('namespaces', name);
    if (!existed) await ctx.store.write((tx) => tx.shared.put('namespaces', name, { name }));
    res.status(existed ? 200 : 201).json({ name });
  });
}

const json = (schema: object) => ({ 'application/json': { schema } });
const named = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
const sandbox = { $ref: '#/components/parameters/Sandbox' };
const error = { $ref: '#/components/responses/Error' };

/** What documents `sensuAdminRoutes` in the admin spec: paths under /__admin/sensu (refs reach the core spec's components). */
export const sensuAdminSpec: AdminSpecFragment = {
  paths: {
    '/namespaces': {
      get: {
        summary: 'Sensu: the namespaces of a sandbox (Standin-only; the real namespace API is out of scope)',
        operationId: 'sensu_list_namespaces',
        parameters: [sandbox],
        responses: {
          '200': { description: 'Their names.', content: json({ type: 'object', required: ['namespaces'], properties: { namespaces: { type: 'array', items: { type: 'string' } } } }) },
          '401': error,
        },
      },
      post: {
        summary: 'Sensu: add a namespace (201; 200 when it exists already)',
        operationId: 'sensu_add_namespace',
        parameters: [sandbox],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$' } } },
              examples: { staging: { value: { name: 'staging' } } },
            },
          },
        },
        responses: {
          '200': { description: 'It existed already.', content: json(named) },
          '201': { description: 'Added.', content: json(named) },
          '400': error,
          '401': error,
        },
      },
    },
  },
};
