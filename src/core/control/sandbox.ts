import type { IncomingHttpHeaders } from 'node:http';
import type { Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { seedMissing } from '../state/seeding.js';
import { admitSandbox, withinLimit } from './admission.js';

export const SANDBOX_HEADER = 'x-standin-sandbox';
/** A base URL can name the sandbox instead of the header: `/__sandbox/<name>/<service>/…`. */
export const SANDBOX_PATH = '/__sandbox/';
/** `.` and `..` are refused: a client normalises a URL holding them into another sandbox's, and they name folders. */
export const SANDBOX_NAME = /^(?!\.\.?$)[A-Za-z0-9._-]{1,64}$/;
export const SANDBOX_RULE = 'a sandbox name is 1 to 64 characters of A-Z a-z 0-9 . _ - (but not . or ..)';

/** A URL with `/__sandbox/<name>` taken off its front. */
export interface SandboxPath {
  name: string;
  /** `/__sandbox/<name>`, the part of the mount point it takes. */
  prefix: string;
  /** The rest of the URL, starting with `/`. */
  rest: string;
}

/** Takes `/__sandbox/<name>` off the front of a URL, so a client that cannot add headers reaches its sandbox by URL alone. */
export function takeSandboxPath(url: string): SandboxPath | undefined {
  if (!url.startsWith(SANDBOX_PATH)) return undefined;
  let end = SANDBOX_PATH.length;
  while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  const rest = url.slice(end);
  return { name: url.slice(SANDBOX_PATH.length, end), prefix: url.slice(0, end), rest: rest.startsWith('/') ? rest : `/${rest}` };
}

/**
 * The request's sandbox: named by its URL, else by X-Standin-Sandbox, else the default; undefined when the
 * name is not valid.
 */
export function sandboxOf(headers: IncomingHttpHeaders, fromPath: SandboxPath | undefined): string | undefined {
  const name = fromPath?.name ?? headers[SANDBOX_HEADER];
  if (name === undefined) return DEFAULT_SANDBOX;
  return typeof name === 'string' && SANDBOX_NAME.test(name) ? name : undefined;
}

/**
 * A sandbox comes into being, from the fixtures, on its first request. Nothing to wait for (undefined)
 * when it holds every service's state already, the common case on a service request.
 */
export function ensureSandbox(rt: Runtime, sandbox: string): Promise<void> | undefined {
  const present = rt.store.sandboxes.get(sandbox);
  if (present && rt.services.every((s) => present.has(s.module.name))) return undefined;
  admitSandbox(rt, sandbox);
  return withinLimit(rt, sandbox, seedMissing(rt, sandbox));
}

/** The mount path as a client of this sandbox must use it, so URLs a service hands out lead back to it. */
export function sandboxMount(sandbox: string, mountPath: string): string {
  return sandbox === DEFAULT_SANDBOX || mountPath.startsWith(SANDBOX_PATH) ? mountPath : `${SANDBOX_PATH}${sandbox}${mountPath}`;
}
