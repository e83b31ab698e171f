import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, rename, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bytes kept beside the JSON state (e.g. uploaded files), addressed by `/`-separated keys. */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
  /** Removes every blob whose key starts with `prefix/`. */
  deleteAll(prefix: string): Promise<void>;
}

export class MemoryBlobs implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();
  async put(key: string, bytes: Buffer): Promise<void> {
    this.blobs.set(key, Buffer.from(bytes));
  }
  async get(key: string): Promise<Buffer | undefined> {
    return this.blobs.get(key);
  }
  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
  async deleteAll(prefix: string): Promise<void> {
    for (const key of this.blobs.keys()) if (key.startsWith(`${prefix}/`)) this.blobs.delete(key);
  }
}

// Each key segment becomes one path segment that cannot climb out (no dots, no slashes) and fits
// the file system's 255-byte name limit (a long one is named by its hash instead).
const MAX_NAME = 200;
function segment(part: string): string {
  const encoded = encodeURIComponent(part).replace(/\./g, '%2E') || '%';
  return encoded.length <= MAX_NAME ? encoded : `%sha256-${createHash('sha256').update(part).digest('hex')}`;
}

/** One file per blob, in a folder per key segment (so a sandbox's or a service's blobs go together). */
export class FileBlobs implements BlobStore {
  constructor(private readonly dir: string) {}

  /** Opens the folder, removing what puts cut short by a crash or a full disk left (their `.tmp` files). */
  static async open(dir: string): Promise<FileBlobs> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    // A key segment never ends in `.tmp`: its dots are percent-encoded.
    for (const e of entries) if (e.isFile() && e.name.endsWith('.tmp')) await rm(join(e.parentPath, e.name), { force: true });
    return new FileBlobs(dir);
  }

  private path(key: string): string {
    return join(this.dir, ...key.split('/').map(segment));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    // A unique temporary name, so two puts of one key never write into each other's file.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {});
      throw e;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deleteAll(prefix: string): Promise<void> {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
}

/** A view of a blob store under a prefix (one per sandbox and service). */
export function scopedBlobs(inner: BlobStore, prefix: string): BlobStore {
  return {
    put: (key, bytes) => inner.put(`${prefix}/${key}`, bytes),
    get: (key) => inner.get(`${prefix}/${key}`),
    delete: (key) => inner.delete(`${prefix}/${key}`),
    deleteAll: (sub) => inner.deleteAll(`${prefix}/${sub}`),
  };
}
