import express from 'express';
import type { Request, Router } from 'express';
import { CoreError } from '../../core/http/core-error.js';
import type { AdminSpecFragment, ServiceContext } from '../../core/service/module.js';
import type { SensuData } from './store.js';
import { addNamespace, isValidNamespaceName, sortedNamespaces } from './namespace-store.js';

/**
 * Standin's controls for Sensu namespaces, under /__admin/sensu: the same operations as the namespaces API
 * (namespace-store.ts), without a login, in any sandbox. Creating is idempotent here: 200 when it exists.
 */
export function sensuAdminRoutes(router: Router, context: (req: Request) => ServiceContext<SensuData>): void {
  router.get('/namespaces', (req, res) => {
    res.json({ namespaces: sortedNamespaces(context(req)).map((n) => n.name) });
  });
  router.post('/namespaces', express.json(), async (req, res) => {
    const name: unknown = (req.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !isValidNamespaceName(name)) {
      throw new CoreError(400, 'bad_request', 'body must be {"name": "<namespace>"}: letters, digits, _ . - (Sensu\'s namespace names)');
    }
    res.status((await addNamespace(context(req), name)) ? 201 : 200).json({ name });
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
        summary: 'Sensu: the namespace names of a sandbox, sorted (as GET /sensu/api/core/v2/namespaces, without a login)',
        operationId: 'sensu_list_namespaces',
        parameters: [sandbox],
        responses: {
          '200': { description: 'Their names.', content: json({ type: 'object', required: ['namespaces'], properties: { namespaces: { type: 'array', items: { type: 'string' } } } }) },
          '401': error,
        },
      },
      post: {
        summary: 'Sensu: add a namespace (as POST /sensu/api/core/v2/namespaces, without a login; 201, or 200 when it exists already)',
        operationId: 'sensu_add_namespace',
        parameters: [sandbox],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } } },
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
