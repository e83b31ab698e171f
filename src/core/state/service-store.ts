import type { StateBackend } from './backend.js';
import type { Collections, ServiceState } from './tree.js';
import type { Op } from './ops.js';

/** What a service keeps: record types by collection name, per tenant and shared by all tenants. */
export interface ServiceData {
  tenant: object;
  shared: object;
}

type Name<S> = keyof S & string;

/** Read access to one tenant's (or the shared) collections. Records are immutable: replace, never mutate. */
export class CollectionsReader<S> {
  constructor(
    private readonly colls: () => Collections | undefined,
    private readonly versionOf: (collection: string) => string,
  ) {}

  /** Changes whenever the collection changes: a key for caching what is derived from it. */
  version<C extends Name<S>>(collection: C): string {
    return this.versionOf(collection);
  }

  get<C extends Name<S>>(collection: C, id: string): S[C] | undefined {
    return this.colls()?.get(collection)?.get(id) as S[C] | undefined;
  }

  has<C extends Name<S>>(collection: C, id: string): boolean {
    return this.colls()?.get(collection)?.has(id) ?? false;
  }

  /** Records in the order they were first stored. */
  values<C extends Name<S>>(collection: C): S[C][] {
    const records = this.colls()?.get(collection);
    return records ? ([...records.values()] as S[C][]) : [];
  }

  /** Ids and records in the order they were first stored. */
  entries<C extends Name<S>>(collection: C): [string, S[C]][] {
    const records = this.colls()?.get(collection);
    return records ? ([...records.entries()] as [string, S[C]][]) : [];
  }

  count<C extends Name<S>>(collection: C): number {
    return this.colls()?.get(collection)?.size ?? 0;
  }
}

export interface CollectionsWriter<S> {
  put<C extends Name<S>>(collection: C, id: string, record: S[C]): void;
  delete<C extends Name<S>>(collection: C, id: string): void;
}

export interface ServiceTx<D extends ServiceData> {
  tenant(key: string): CollectionsWriter<D['tenant']>;
  readonly shared: CollectionsWriter<D['shared']>;
}

/** One service's state in one sandbox: the only way a service reaches the store. */
export class ServiceStore<D extends ServiceData> {
  constructor(
    private readonly store: StateBackend,
    readonly sandbox: string,
    readonly service: string,
  ) {}

  private state(): ServiceState | undefined {
    return this.store.sandboxes.get(this.sandbox)?.get(this.service);
  }

  tenant(key: string): CollectionsReader<D['tenant']> {
    return new CollectionsReader(
      () => this.state()?.tenants.get(key),
      (c) => this.store.version([this.sandbox, this.service, 't', key, c]),
    );
  }

  get shared(): CollectionsReader<D['shared']> {
    return new CollectionsReader(
      () => this.state()?.shared,
      (c) => this.store.version([this.sandbox, this.service, 's', c]),
    );
  }

  /** Tenants that hold any data, in the order they first did. */
  tenantKeys(): string[] {
    return [...(this.state()?.tenants.keys() ?? [])];
  }

  /**
   * Runs `fn` and commits what it put or deleted as one batch. Changes are visible at once (with a shared
   * backend: once committed); the promise resolves when they are durable. `fn` must be synchronous so no
   * other request interleaves. With a shared backend it rejects with a WriteConflict when another
   * instance changed a record it writes since the reads it was made from; the pipeline runs the handler again.
   */
  write(fn: (tx: ServiceTx<D>) => void): Promise<void> {
    const ops: Op[] = [];
    const { sandbox, service } = this;
    const tx: ServiceTx<D> = {
      tenant: (key) => ({
        put: (c, id, v) => void ops.push({ p: [sandbox, service, 't', key, c, id], v }),
        delete: (c, id) => void ops.push({ p: [sandbox, service, 't', key, c, id] }),
      }),
      shared: {
        put: (c, id, v) => void ops.push({ p: [sandbox, service, 's', c, id], v }),
        delete: (c, id) => void ops.push({ p: [sandbox, service, 's', c, id] }),
      },
    };
    fn(tx);
    return ops.length ? this.store.commit(ops, { ifUnchanged: true }) : Promise.resolve();
  }
}
