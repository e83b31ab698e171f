import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes kept beside the JSON state (e.g. uploaded files), addressed by key. */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
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
}

/** One file per blob in a directory; the key is encoded so no key can leave the directory. */
export class FileBlobs implements BlobStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, encodeURIComponent(key));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.file(key);
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.file(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

/** A view of a blob store under a prefix (one per sandbox and service). */
export function scopedBlobs(inner: BlobStore, prefix: string): BlobStore {
  return {
    put: (key, bytes) => inner.put(`${prefix}/${key}`, bytes),
    get: (key) => inner.get(`${prefix}/${key}`),
    delete: (key) => inner.delete(`${prefix}/${key}`),
  };
}
