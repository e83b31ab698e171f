import type pg from 'pg';
import type { BlobStore } from '../blobs.js';

/** Blobs (uploaded bytes) in the shared database, so any instance serves what another took in. */
export class PgBlobs implements BlobStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.pool.query('INSERT INTO standin_blobs (key, bytes) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET bytes = EXCLUDED.bytes', [key, bytes]);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM standin_blobs WHERE key = $1', [key]);
    return rows[0]?.bytes;
  }

  async delete(key: string): Promise<void> {
    await this.pool.query('DELETE FROM standin_blobs WHERE key = $1', [key]);
  }

  async deleteAll(prefix: string): Promise<void> {
    await this.pool.query('DELETE FROM standin_blobs WHERE starts_with(key, $1)', [`${prefix}/`]);
  }
}
