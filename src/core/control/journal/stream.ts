import { view, type RawEntry } from './entry.js';

/** Where a stream writes: an HTTP response, kept open (`GET /__admin/requests/stream`). */
export interface StreamTarget {
  write(chunk: string): unknown;
  end(): unknown;
}

/** Clients following the journal as server-sent events: each new entry they accept, as one `request` event. */
export class Subscribers {
  private readonly all = new Set<{ to: StreamTarget; accept: (e: RawEntry) => boolean }>();

  /** Starts sending entries `accept` takes; returns what stops it. */
  add(to: StreamTarget, accept: (e: RawEntry) => boolean): () => void {
    const s = { to, accept };
    this.all.add(s);
    return () => this.all.delete(s);
  }

  publish(e: RawEntry): void {
    for (const s of this.all) if (s.accept(e)) s.to.write(`event: request\ndata: ${JSON.stringify(view(e))}\n\n`);
  }

  /** Ends every stream (on close). */
  close(): void {
    for (const s of this.all) s.to.end();
    this.all.clear();
  }
}
