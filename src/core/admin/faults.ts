import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { checkRule, type FaultRule } from '../control/faults.js';
import { CoreError } from '../http/core-error.js';
import { selectedSandbox } from './params.js';

/** Fault and latency rules: add (answered with its id), list, remove one or all. */
export function faultRoutes(r: Router, rt: Runtime): void {
  r.post('/faults', (req, res) => {
    const wrong = checkRule(req.body, rt.services.map((s) => s.module.name));
    if (wrong) throw new CoreError(400, 'bad_fault', wrong);
    res.status(201).json(rt.faults.add(selectedSandbox(req), req.body as FaultRule));
  });
  r.get('/faults', (req, res) => {
    res.json({ faults: rt.faults.list(selectedSandbox(req)) });
  });
  r.delete('/faults', (req, res) => {
    res.json({ removed: rt.faults.remove(selectedSandbox(req)) });
  });
  r.delete('/faults/:id', (req, res) => {
    const removed = rt.faults.remove(selectedSandbox(req), req.params['id']);
    if (!removed) throw new CoreError(404, 'not_found', `no fault '${req.params['id']}' in this sandbox`);
    res.json({ removed });
  });
}
