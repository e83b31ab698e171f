import { view, type RawEntry } from './entry.js';

/** Where a stream writes: an HTTP response, kept open (`GET /__admin/requests/stream`). */
export interface StreamTarget {
  write(chunk: string): unknown;
  end(): unknown;
  /** Bytes written and not yet taken by the client. */
  readonly writableLength: number;
  destroy(): unknown;
}

/** What a subscriber may leave unread before it is dropped: its memory is the server's. */
export const STREAM_BACKLOG = 1024 * 1024;

/**
 * Clients following the journal as server-sent events: each new entry they accept, as one `request`
 * event. A client that stops reading is dropped once its backlog passes STREAM_BACKLOG, so a slow or
 * stuck reader costs a bounded amount of memory and the entries it missed stay in the journal.
 */
export class Subscribers {
  private readonly all = new Set<{ to: StreamTarget; accept: (e: RawEntry) => boolean }>();

  /** Starts sending entries `accept` takes; returns what stops it. */
  add(to: StreamTarget, accept: (e: RawEntry) => boolean): () => void {
    const s = { to, accept };
    this.all.add(s);
    return () => this.all.delete(s);
  }

  publish(e: RawEntry): void {
    for (const s of this.all) {
      if (!s.accept(e)) continue;
      if (s.to.writableLength > STREAM_BACKLOG) {
        this.all.delete(s);
        s.to.destroy();
        continue;
      }
      s.to.write(`event: request\ndata: ${JSON.stringify(view(e))}\n\n`);
    }
  }

  /** Ends every stream (on close). */
  close(): void {
    for (const s of this.all) s.to.end();
    this.all.clear();
  }
}
