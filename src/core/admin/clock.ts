import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { EARLIEST_MS, LATEST_MS } from '../control/clock.js';
import type { Answer, Body } from './types.js';

/** The simulated clock every service reads: freeze or move it, or go back to real time. */
export function clockRoutes(r: Router, rt: Runtime): void {
  const show = (): Answer<'get_clock', 200> => ({ now: rt.clock.iso(), frozen: rt.clock.frozen });
  r.get('/clock', (_req, res) => {
    res.json(show());
  });
  r.put('/clock', (req, res) => {
    const body = req.body as { [K in keyof Body<'set_clock'>]?: unknown } | undefined;
    const ms = typeof body?.now === 'string' ? Date.parse(body.now) : NaN;
    if (Number.isNaN(ms)) throw new CoreError(400, 'bad_request', 'body must be {"now": "<ISO-8601 time>", "frozen": true|false}');
    if (ms < EARLIEST_MS || ms > LATEST_MS) throw new CoreError(400, 'bad_request', '"now" must be a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z');
    if (body?.frozen !== undefined && typeof body.frozen !== 'boolean') throw new CoreError(400, 'bad_request', '"frozen" must be true or false');
    rt.clock.set(ms, body?.frozen !== false);
    res.json(show());
  });
  r.delete('/clock', (_req, res) => {
    rt.clock.reset();
    res.json(show());
  });
}
