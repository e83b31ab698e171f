import type { Request } from 'express';
import type { Runtime } from '../boot/runtime.js';
import { DEFAULT_SANDBOX } from '../boot/runtime.js';
import { SANDBOX_NAME, SANDBOX_RULE } from '../control/sandbox.js';
import { CoreError } from '../http/core-error.js';

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CoreError(400, 'bad_request', `query parameter '${name}' must be given once`);
  return v;
}

/** `?service=` checked against the registry: a list of one name, or undefined for all. */
export function selectedServices(rt: Runtime, req: Request): string[] | undefined {
  const name = queryString(req, 'service');
  if (name === undefined) return undefined;
  return [knownService(rt, name)];
}

export function knownService(rt: Runtime, name: string): string {
  const names = rt.services.map((s) => s.module.name);
  if (!names.includes(name)) throw new CoreError(404, 'unknown_service', `no service named '${name}'; services: ${names.join(', ')}`);
  return name;
}

/** `?sandbox=` (default: the default sandbox). */
export function selectedSandbox(req: Request): string {
  const name = queryString(req, 'sandbox') ?? DEFAULT_SANDBOX;
  return checkedSandbox(name);
}

/** A sandbox name read from a request, checked (400 `bad_sandbox`). */
export function checkedSandbox(name: string): string {
  if (!SANDBOX_NAME.test(name)) throw new CoreError(400, 'bad_sandbox', SANDBOX_RULE);
  return name;
}
