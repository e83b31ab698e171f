import { BodySlab } from './body-slab.js';
import { KEPT, keptBody, view, type JournalEntry, type RawEntry } from './entry.js';
import { accepts, type JournalFilter } from './filter.js';
import { Subscribers, type StreamTarget } from './stream.js';
import { entryBytes } from './size.js';

/** The journal's default memory bound. */
export const JOURNAL_MEMORY = 64 * 1024 * 1024;

/**
 * Every request to every service, newest first, in a ring of fixed size and a bound on the memory its
 * entries hold: past either, the oldest entries go.
 */
export class Journal {
  private ring: (RawEntry | undefined)[];
  private head = 0;
  /** Entries held: they sit just before `head`, newest first. */
  private held = 0;
  private bytes = 0;
  private readonly sizes = new WeakMap<RawEntry, number>();
  private seq = 0;
  private readonly subscribers = new Subscribers();

  private readonly slab: BodySlab;
  private readonly slots = new WeakMap<RawEntry, number>();

  constructor(
    readonly size: number,
    readonly maxBytes = JOURNAL_MEMORY,
  ) {
    this.ring = new Array<RawEntry | undefined>(size);
    this.slab = new BodySlab(size);
  }

  /** Swaps the entry's bodies (the request's and response's own buffers) for copies in a slot of its own. */
  private keepBodies(e: RawEntry): void {
    const slot = this.slab.take();
    if (slot === undefined) {
      e.requestBody = keptBody(e.requestBody);
      e.responseBody = keptBody(e.responseBody);
      return;
    }
    this.slots.set(e, slot);
    [e.requestBody, e.responseBody] = this.slab.keep(slot, [e.requestBody, e.responseBody], KEPT);
  }

  private drop(e: RawEntry | undefined): void {
    if (!e) return;
    const slot = this.slots.get(e);
    if (slot !== undefined) this.slab.release(slot);
    this.bytes -= this.sizes.get(e) ?? 0;
    this.held--;
  }

  /** Lets the oldest entries go until the rest fit the memory bound. */
  private evict(): void {
    while (this.bytes > this.maxBytes && this.held > 1) {
      const oldest = (this.head - this.held + this.size) % this.size;
      this.drop(this.ring[oldest]);
      this.ring[oldest] = undefined;
    }
  }

  /** Put before every id; where instances share a journal, each has its own, so ids stay unique. */
  idPrefix = '';

  nextId(): string {
    return `${this.idPrefix}${++this.seq}`;
  }

  /** Records an entry; its bodies may be the request's and response's own buffers (they are copied). */
  add(e: RawEntry): void {
    if (this.size > 0) {
      this.drop(this.ring[this.head]);
      this.keepBodies(e);
      const bytes = entryBytes(e);
      this.sizes.set(e, bytes);
      this.bytes += bytes;
      this.held++;
      this.ring[this.head] = e;
      this.head = (this.head + 1) % this.size;
      this.evict();
    } else {
      e.requestBody = keptBody(e.requestBody);
      e.responseBody = keptBody(e.responseBody);
    }
    this.subscribers.publish(e);
  }

  private *newestFirst(): Generator<RawEntry> {
    for (let i = 1; i <= this.size; i++) {
      const e = this.ring[(this.head - i + this.size) % this.size];
      if (!e) return;
      yield e;
    }
  }

  find(f: JournalFilter): JournalEntry[] {
    const accept = accepts(f);
    const out: JournalEntry[] = [];
    for (const e of this.newestFirst()) {
      if (f.limit !== undefined && out.length >= f.limit) break;
      if (accept(e)) out.push(view(e));
    }
    return out;
  }

  count(f: JournalFilter): number {
    const accept = accepts(f);
    let n = 0;
    for (const e of this.newestFirst()) if (accept(e)) n++;
    return n;
  }

  /** Drops the entries of one sandbox (or all); returns how many. */
  clear(sandbox?: string): number {
    let removed = 0;
    this.ring = this.ring.map((e) => {
      if (e && (sandbox === undefined || e.sandbox === sandbox)) {
        removed++;
        this.drop(e);
        return undefined;
      }
      return e;
    });
    // Compact so the ring stays newest-first contiguous.
    const kept = [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)].filter((e): e is RawEntry => e !== undefined);
    this.ring = new Array<RawEntry | undefined>(this.size);
    kept.forEach((e, i) => (this.ring[i] = e));
    this.head = kept.length % Math.max(this.size, 1);
    this.held = kept.length;
    return removed;
  }

  /** Streams each new entry the filter accepts (its `limit` ignored) to `to`; returns what stops it. */
  subscribe(to: StreamTarget, f: JournalFilter): () => void {
    return this.subscribers.add(to, accepts(f));
  }

  closeStreams(): void {
    this.subscribers.close();
  }
}
