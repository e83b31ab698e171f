import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { addFault, listFaults, removeFaults } from './actions.js';
import { selectedSandbox } from './params.js';
import type { Answer } from './types.js';

/** Fault and latency rules: add (answered with its id), list, remove one or all. */
export function faultRoutes(r: Router, rt: Runtime): void {
  r.post('/faults', async (req, res) => {
    res.status(201).json((await addFault(rt, selectedSandbox(req), req.body)) satisfies Answer<'add_fault', 201>);
  });
  r.get('/faults', async (req, res) => {
    res.json({ faults: await listFaults(rt, selectedSandbox(req)) } satisfies Answer<'list_faults', 200>);
  });
  r.delete('/faults', async (req, res) => {
    res.json({ removed: await removeFaults(rt, selectedSandbox(req)) } satisfies Answer<'clear_faults', 200>);
  });
  r.delete('/faults/:id', async (req, res) => {
    const removed = await removeFaults(rt, selectedSandbox(req), req.params['id']);
    if (!removed) throw new CoreError(404, 'not_found', `no fault '${req.params['id']}' in this sandbox`);
    res.json({ removed } satisfies Answer<'remove_fault', 200>);
  });
}
