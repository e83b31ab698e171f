import type { NextFunction, Request, Response } from 'express';
import type { Runtime } from '../boot/runtime.js';

// Polled by scripts and fetched by the docs page: only at debug.
const QUIET = /^\/(health|docs\/assets\/.*)$/;

/** Why an admin call was refused, kept by the error handler for the log line. */
const reasons = new WeakMap<Response, string>();

export function noteReason(res: Response, reason: string): void {
  reasons.set(res, reason);
}

/** One line per admin call, as for service requests: method, path, status, time; at debug a 4xx's reason. */
export function logAdminCalls(rt: Runtime) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const path = `${req.baseUrl}${req.path}`;
    const quiet = QUIET.test(req.path);
    res.once('close', () => {
      const log = rt.log;
      if (!log.isLevelEnabled(quiet ? 'debug' : 'info')) return;
      const dropped = !res.writableFinished;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const reason = !dropped && res.statusCode >= 400 && res.statusCode < 500 && log.isLevelEnabled('debug') ? reasons.get(res) : undefined;
      const fields = { admin: true, method: req.method, path, ...(dropped ? { dropped: true } : { status: res.statusCode }), ms, ...(reason ? { reason } : {}) };
      const line = `${req.method} ${path} → ${dropped ? 'connection dropped' : res.statusCode} ${ms} ms  admin`;
      if (quiet) log.debug(fields, line);
      else log.info(fields, line);
    });
    next();
  };
}
