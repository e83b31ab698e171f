import type { Request } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { seedMissing } from '../state/seeding.js';

export const SANDBOX_HEADER = 'x-standin-sandbox';
/** A base URL can name the sandbox instead of the header: `/__sandbox/<name>/<service>/…`. */
export const SANDBOX_PATH = '/__sandbox/';
export const SANDBOX_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's sandbox (X-Standin-Sandbox, else the default), or undefined when the name is not valid. */
export function sandboxOf(req: Request): string | undefined {
  const h = req.headers[SANDBOX_HEADER];
  if (h === undefined) return DEFAULT_SANDBOX;
  return typeof h === 'string' && SANDBOX_NAME.test(h) ? h : undefined;
}

/**
 * A sandbox comes into being, from the fixtures, on its first request. Nothing to wait for (undefined)
 * when it holds every service's state already, the common case on a service request.
 */
export function ensureSandbox(rt: Runtime, sandbox: string): Promise<void> | undefined {
  const present = rt.store.sandboxes.get(sandbox);
  if (present && rt.services.every((s) => present.has(s.module.name))) return undefined;
  return seedMissing(rt, sandbox);
}

/**
 * Takes `/__sandbox/<name>` off the front of a URL and puts the name where the header goes, so a client
 * that cannot add headers (or follows a URL Standin handed out) reaches its sandbox by URL alone.
 */
export function takeSandboxPath(req: { headers: Record<string, string | string[] | undefined> }, url: string): { prefix: string; rest: string } | undefined {
  if (!url.startsWith(SANDBOX_PATH)) return undefined;
  let end = SANDBOX_PATH.length;
  while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  req.headers[SANDBOX_HEADER] = url.slice(SANDBOX_PATH.length, end);
  const rest = url.slice(end);
  return { prefix: url.slice(0, end), rest: rest.startsWith('/') ? rest : `/${rest}` };
}

/** The mount path as a client of this sandbox must use it, so URLs a service hands out lead back to it. */
export function sandboxMount(sandbox: string, mountPath: string): string {
  return sandbox === DEFAULT_SANDBOX || mountPath.startsWith(SANDBOX_PATH) ? mountPath : `${SANDBOX_PATH}${sandbox}${mountPath}`;
}
