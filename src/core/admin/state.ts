import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { ensureSandbox } from '../control/sandbox.js';
import { dropSandbox, reset, restore, snapshot } from './actions.js';
import { checkedSandbox, selectedSandbox, selectedServices } from './params.js';
import type { Answer } from './types.js';

/** State export and import, reset, and sandboxes. */
export function stateRoutes(r: Router, rt: Runtime): void {
  r.get('/state', async (req, res) => {
    const sandbox = selectedSandbox(req);
    const services = selectedServices(rt, req);
    // A sandbox not used yet is shown as it will be: made from the fixtures.
    await ensureSandbox(rt, sandbox);
    res.json(snapshot(rt, sandbox, services));
  });
  r.put('/state', async (req, res) => {
    const sandbox = selectedSandbox(req);
    res.json({ status: 'ok', sandbox, services: await restore(rt, sandbox, req.body) } satisfies Answer<'import_state', 200>);
  });
  r.post('/reset', async (req, res) => {
    const sandbox = selectedSandbox(req);
    res.json({ status: 'ok', sandbox, ...(await reset(rt, sandbox, selectedServices(rt, req))) } satisfies Answer<'reset', 200>);
  });
  r.get('/sandboxes', (_req, res) => {
    res.json({ sandboxes: [...rt.store.sandboxes.keys()] } satisfies Answer<'list_sandboxes', 200>);
  });
  r.delete('/sandboxes/:name', async (req, res) => {
    const name = checkedSandbox(req.params['name']!);
    res.json({ status: 'ok', sandbox: name, removed: await dropSandbox(rt, name) } satisfies Answer<'drop_sandbox', 200>);
  });
}
