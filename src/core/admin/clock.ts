import type { Router } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import type { Answer, Body } from './types.js';
import { parseDuration } from '../control/clock.js';
import { advanceClock, setClock, shareClock } from './actions.js';

/** The simulated clock every service reads: freeze or move it, or go back to real time. */
export function clockRoutes(r: Router, rt: Runtime): void {
  const show = (): Answer<'get_clock', 200> => ({ now: rt.clock.iso(), frozen: rt.clock.frozen });
  r.get('/clock', (_req, res) => {
    res.json(show());
  });
  r.put('/clock', async (req, res) => {
    const body = req.body as { [K in keyof Body<'set_clock'>]?: unknown } | undefined;
    const usage = 'body must be {"now": "<ISO-8601 time>", "frozen": true|false} or {"advance": "15m"}';
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new CoreError(400, 'bad_request', usage);
    const unknown = Object.keys(body).find((k) => !['now', 'frozen', 'advance'].includes(k));
    if (unknown !== undefined) throw new CoreError(400, 'bad_request', `unknown field '${unknown}'; ${usage}`);
    if (body.advance !== undefined) {
      if (body.now !== undefined || body.frozen !== undefined) throw new CoreError(400, 'bad_request', `give "now" or "advance", not both; ${usage}`);
      advanceClock(rt, body.advance);
      await shareClock(rt, parseDuration(String(body.advance)));
    } else {
      if (typeof body.now !== 'string') throw new CoreError(400, 'bad_request', usage);
      setClock(rt, body.now, body.frozen ?? true);
      await shareClock(rt);
    }
    res.json(show());
  });
  r.delete('/clock', async (_req, res) => {
    rt.clock.reset();
    await shareClock(rt);
    res.json(show());
  });
}
