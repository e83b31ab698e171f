import type { Request } from 'express';
import type { AnyService, ServiceContext } from './service-module.js';
import type { Runtime } from './runtime.js';
import { ServiceStore, type ServiceData } from './store/service-store.js';
import { scopedBlobs } from './store/blobs.js';

/** The absolute URL of a mount point as this client reached it (or as `--public-url` says). */
export function baseUrlOf(rt: Runtime, req: Request, mountPath: string): string {
  return `${rt.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${mountPath}`;
}

/** What a service's code may reach in one sandbox. */
export function serviceContext(rt: Runtime, module: AnyService, sandbox: string, baseUrl: string): ServiceContext<ServiceData> {
  return {
    service: module.name,
    sandbox,
    store: new ServiceStore<ServiceData>(rt.store, sandbox, module.name),
    blobs: scopedBlobs(rt.blobs, `${sandbox}/${module.name}`),
    clock: rt.clock,
    random: rt.random,
    options: rt.options,
    baseUrl,
    log: rt.log,
    ephemeral: rt.ephemeral.get(module.name) ?? new Map<string, unknown>(),
  };
}
