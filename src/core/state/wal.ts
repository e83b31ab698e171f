import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Op } from './ops.js';

export interface WalEntry {
  seq: number;
  ops: Op[];
}

export class WalCorruptError extends Error {}

/**
 * Append-only log of committed batches, one JSON line each. A batch is acknowledged only after its line
 * is written and fdatasync'ed, so a torn last line was never acknowledged and is cut off on recovery.
 */
export class WriteAheadLog {
  private constructor(
    readonly path: string,
    private fh: FileHandle,
    private bytes: number,
  ) {}

  /** Opens (creating if needed) the log and returns the entries it holds. */
  static async open(path: string): Promise<{ wal: WriteAheadLog; entries: WalEntry[] }> {
    // O_DSYNC: a write returns once its data is on disk, so a commit is one thread-pool round trip
    // (a write, then an fdatasync, would be two, each waiting for a turn of a busy event loop).
    const fh = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC);
    const buf = await fh.readFile();
    const entries: WalEntry[] = [];
    let goodEnd = 0;
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break; // torn tail: never acknowledged
      let entry: WalEntry;
      try {
        entry = JSON.parse(buf.subarray(start, nl).toString('utf8')) as WalEntry;
      } catch {
        if (buf.indexOf(10, nl + 1) === -1) break; // a garbled last line is a torn write too
        await fh.close();
        throw new WalCorruptError(`${path}: line at byte ${start} is not JSON; the log is damaged. Move it away to start from the last snapshot.`);
      }
      entries.push(entry);
      start = nl + 1;
      goodEnd = start;
    }
    if (goodEnd < buf.length) await fh.truncate(goodEnd);
    return { wal: new WriteAheadLog(path, fh, goodEnd), entries };
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends one batch; with O_DSYNC it is on disk when this resolves. */
  async append(entry: WalEntry): Promise<void> {
    const line = Buffer.from(JSON.stringify(entry) + '\n');
    await this.fh.write(line, 0, line.length, null);
    this.bytes += line.length;
  }

  async truncate(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync(); // the size change is metadata, which O_DSYNC writes do not cover
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
