import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { addFault, listFaults, removeFaults } from './actions.js';
import { selectedSandbox } from './params.js';
import type { Answer } from './types.js';

/** Fault and latency rules: add (answered with its id), list, remove one or all. */
export function faultRoutes(r: Router, rt: Runtime): void {
  r.post('/faults', (req, res) => {
    res.status(201).json(addFault(rt, selectedSandbox(req), req.body) satisfies Answer<'add_fault', 201>);
  });
  r.get('/faults', (req, res) => {
    res.json({ faults: listFaults(rt, selectedSandbox(req)) } satisfies Answer<'list_faults', 200>);
  });
  r.delete('/faults', (req, res) => {
    res.json({ removed: removeFaults(rt, selectedSandbox(req)) } satisfies Answer<'clear_faults', 200>);
  });
  r.delete('/faults/:id', (req, res) => {
    const removed = removeFaults(rt, selectedSandbox(req), req.params['id']);
    if (!removed) throw new CoreError(404, 'not_found', `no fault '${req.params['id']}' in this sandbox`);
    res.json({ removed } satisfies Answer<'remove_fault', 200>);
  });
}
