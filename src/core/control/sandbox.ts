import type { Request } from 'express';
import type { Runtime } from '../runtime.js';
import { DEFAULT_SANDBOX } from '../runtime.js';
import { seedMissing } from '../state-ops.js';

export const SANDBOX_HEADER = 'x-standin-sandbox';
export const SANDBOX_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's sandbox (X-Standin-Sandbox, else the default), or undefined when the name is not valid. */
export function sandboxOf(req: Request): string | undefined {
  const h = req.headers[SANDBOX_HEADER];
  if (h === undefined) return DEFAULT_SANDBOX;
  return typeof h === 'string' && SANDBOX_NAME.test(h) ? h : undefined;
}

/** A sandbox comes into being, from the fixtures, on its first request. */
export async function ensureSandbox(rt: Runtime, sandbox: string): Promise<void> {
  const present = rt.store.sandboxes.get(sandbox);
  if (!present || rt.services.some((s) => !present.has(s.module.name))) await seedMissing(rt, sandbox);
}
