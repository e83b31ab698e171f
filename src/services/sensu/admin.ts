import express from 'express';
import type { Request, Router } from 'express';
import { CoreError } from '../../core/http/core-error.js';
import type { ServiceContext } from '../../core/service/module.js';
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
