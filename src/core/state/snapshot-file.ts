import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';

export class SnapshotParseError extends Error {}

/**
 * lowdb adapter for the snapshot file. Like steno it writes a temp file and renames it over the old
 * one, so a crash leaves the old or the new file, never a torn one; unlike steno it fsyncs the file and
 * its directory first, because the write-ahead log is truncated right after a snapshot lands.
 * A file that is not JSON is reported, never replaced.
 */
export class SnapshotFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new SnapshotParseError(`${this.path} is not valid JSON (${(e as Error).message}); Standin will not overwrite it. Fix or move the file, or start with another --db.`);
    }
  }

  async write(data: T): Promise<void> {
    await this.writeText(JSON.stringify(data));
  }

  async writeText(text: string): Promise<number> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.tmp`);
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {}); // a half-written copy must not fill the disk
      throw e;
    }
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return Buffer.byteLength(text);
  }
}
