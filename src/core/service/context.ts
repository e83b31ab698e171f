import type { Request } from 'express';
import type { AnyService, ServiceContext } from './module.js';
import type { Runtime } from '../boot/runtime.js';
import { ServiceStore, type ServiceData } from '../state/service-store.js';
import { scopedBlobs } from '../state/blobs.js';
import { requestOrigin } from '../http/host.js';
import { memoryWindows } from './windows.js';

/** The absolute URL of a mount point as `--public-url` says, or as this client reached it (its Host only when trusted: http/host.ts). */
export function baseUrlOf(rt: Runtime, req: Request, mountPath: string): string {
  return `${rt.publicUrl ?? requestOrigin(req, rt.publicUrl)}${mountPath}`;
}

export type ContextBase = Omit<ServiceContext<ServiceData>, 'baseUrl'>;

// What a service's context holds for one sandbox is the same for every request there: made once.
const bases = new WeakMap<Runtime, Map<string, ContextBase>>();

const memoryKey = (sandbox: string, service: string) => `${sandbox}\0${service}`;

/** The part of a service's context that is the same for every request in a sandbox (made once). */
export function contextBase(rt: Runtime, module: AnyService, sandbox: string): ContextBase {
  let perRuntime = bases.get(rt);
  if (!perRuntime) bases.set(rt, (perRuntime = new Map()));
  const key = memoryKey(sandbox, module.name);
  let base = perRuntime.get(key);
  if (!base) {
    let ephemeral = rt.ephemeral.get(key);
    if (!ephemeral) rt.ephemeral.set(key, (ephemeral = new Map<string, unknown>()));
    base = {
      service: module.name,
      sandbox,
      store: new ServiceStore<ServiceData>(rt.store, sandbox, module.name),
      blobs: scopedBlobs(rt.blobs, `${sandbox}/${module.name}`),
      clock: rt.clock,
      random: rt.random,
      options: rt.options,
      log: rt.log,
      ephemeral,
      windows: rt.shared ? rt.shared.windows(sandbox, module.name) : memoryWindows(ephemeral),
    };
    perRuntime.set(key, base);
  }
  return base;
}

/** What a service's code may reach in one sandbox; the base URL is worked out only if asked for. */
export function serviceContext(rt: Runtime, module: AnyService, sandbox: string, baseUrl: () => string): ServiceContext<ServiceData> {
  let url: string | undefined;
  return {
    ...contextBase(rt, module, sandbox),
    get baseUrl() {
      return (url ??= baseUrl());
    },
  };
}

/** Forgets a dropped sandbox's per-runtime memory (counters, caches) and its contexts. */
export function forgetSandbox(rt: Runtime, sandbox: string): void {
  for (const svc of rt.services) {
    const key = memoryKey(sandbox, svc.module.name);
    rt.ephemeral.delete(key);
    bases.get(rt)?.delete(key);
  }
}

/** Forgets what the named services of a sandbox keep in memory (rate-limit windows, cached pages), as a reset does. */
export function forgetMemory(rt: Runtime, sandbox: string, services: string[]): void {
  for (const name of services) rt.ephemeral.get(memoryKey(sandbox, name))?.clear();
}
