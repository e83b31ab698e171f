import { constants } from 'node:fs';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import type { Op } from './ops.js';

export interface WalEntry {
  seq: number;
  ops: Op[];
}

/** Writes `length` bytes of `buf` from `offset` at the end of the file; answers how many it wrote (maybe fewer). */
export type WriteAt = (fh: FileHandle, buf: Buffer, offset: number, length: number) => Promise<number>;

const appendWrite: WriteAt = async (fh, buf, offset, length) => (await fh.write(buf, offset, length, null)).bytesWritten;

function isEntry(v: unknown): v is WalEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as { seq?: unknown; ops?: unknown };
  return Number.isSafeInteger(e.seq) && Array.isArray(e.ops) && e.ops.every(isOp);
}

const OP_PATH_LENGTHS = new Set([1, 2, 5, 6]);
function isOp(op: unknown): boolean {
  const p = typeof op === 'object' && op !== null ? (op as { p?: unknown }).p : undefined;
  return Array.isArray(p) && OP_PATH_LENGTHS.has(p.length) && p.every((part) => typeof part === 'string');
}

function parseEntry(text: string): WalEntry | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isEntry(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const ENTRY_START = Buffer.from('{"seq":');

/**
 * A line that is not an entry. A line glued onto an earlier torn write (an old Standin did that on a full
 * disk) still ends with a whole entry: that one is kept.
 */
function salvage(line: Buffer): WalEntry | undefined {
  for (let at = line.indexOf(ENTRY_START, 1); at !== -1; at = line.indexOf(ENTRY_START, at + 1)) {
    const entry = parseEntry(line.subarray(at).toString('utf8'));
    if (entry) return entry;
  }
  return undefined;
}

/** What opening the log found wrong and did about it, for the log at start. */
export interface WalDamage {
  offset: number;
  bytes: number;
  salvaged: boolean;
  /** Where its bytes were copied, unless that failed too (a full disk). */
  copy: string | undefined;
}

/**
 * Append-only log of committed batches, one JSON line each. A batch is acknowledged only after all of its
 * line is written with O_DSYNC; a line written in part is cut back at once, so the log only ever holds
 * whole entries and a torn tail (a crash mid-write), which recovery drops since it was never acknowledged.
 */
export class WriteAheadLog {
  /** A failed append's fragment could not be cut back yet: the next append cuts it first. */
  private fragment = false;

  private constructor(
    readonly path: string,
    private fh: FileHandle,
    private bytes: number,
    private readonly writeAt: WriteAt,
  ) {}

  /**
   * Opens (creating if needed) the log and returns the entries it holds. A damaged line in the middle
   * loses only itself: every whole entry before and after it is kept, and its bytes are copied to
   * `<log>.damaged-<offset>` for a person to look at.
   */
  static async open(path: string, writeAt: WriteAt = appendWrite): Promise<{ wal: WriteAheadLog; entries: WalEntry[]; damage: WalDamage[] }> {
    // O_DSYNC: a write returns once its data is on disk, so a commit is one thread-pool round trip.
    const fh = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC);
    const buf = await fh.readFile();
    const entries: WalEntry[] = [];
    const damage: WalDamage[] = [];
    let goodEnd = 0;
    for (let start = 0; start < buf.length; ) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break; // torn tail: never acknowledged
      const line = buf.subarray(start, nl);
      const entry = parseEntry(line.toString('utf8'));
      const last = nl + 1 === buf.length;
      if (entry) entries.push(entry);
      else if (last && !salvage(line)) break; // a garbled last line is a torn write too
      else {
        const rescued = salvage(line);
        if (rescued) entries.push(rescued);
        const copy = `${path}.damaged-${start}`;
        const saved = await writeFile(copy, line).then(() => true, () => false);
        damage.push({ offset: start, bytes: line.length, salvaged: rescued !== undefined, copy: saved ? copy : undefined });
      }
      start = nl + 1;
      goodEnd = start;
    }
    if (goodEnd < buf.length) await fh.truncate(goodEnd);
    return { wal: new WriteAheadLog(path, fh, goodEnd, writeAt), entries, damage };
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends one batch; it is on disk, whole, when this resolves. On failure the log is as it was. */
  async append(entry: WalEntry): Promise<void> {
    if (this.fragment) await this.cutBack();
    const line = Buffer.from(JSON.stringify(entry) + '\n');
    let written = 0;
    try {
      while (written < line.length) {
        const n = await this.writeAt(this.fh, line, written, line.length - written);
        if (n <= 0) throw Object.assign(new Error(`${this.path}: wrote no bytes`), { code: 'EIO' });
        written += n;
      }
    } catch (e) {
      if (written > 0) {
        this.fragment = true;
        await this.cutBack().catch(() => {}); // else cut by the next append, before it writes
      }
      throw e;
    }
    this.bytes += line.length;
  }

  private async cutBack(): Promise<void> {
    await this.fh.truncate(this.bytes);
    await this.fh.datasync(); // a size change is metadata, which O_DSYNC writes do not cover
    this.fragment = false;
  }

  async truncate(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync();
    this.bytes = 0;
    this.fragment = false;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
