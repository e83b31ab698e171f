import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileBlobs, MemoryBlobs, scopedBlobs, type BlobStore } from '../../src/core/state/blobs.js';
import { tmpDir } from '../helpers/app.js';

async function stores(): Promise<{ name: string; blobs: BlobStore; dir?: string; cleanup: () => Promise<void> }[]> {
  const { dir, cleanup } = await tmpDir();
  return [
    { name: 'file', blobs: new FileBlobs(join(dir, 'db.json.blobs')), dir, cleanup },
    { name: 'memory', blobs: new MemoryBlobs(), cleanup: async () => {} },
  ];
}

describe('blob stores', () => {
  it('keep any key, however long or odd, inside their folder, and drop a whole prefix', async () => {
    for (const { name, blobs, dir, cleanup } of await stores()) {
      const long = 'ü'.repeat(300); // 600 bytes encoded: over any file-name limit
      const odd = ['..', '.', '', 'a%2Fb', 'x y'];
      const scoped = scopedBlobs(blobs, 'sb/webflow');
      await scoped.put(`site/${long}`, Buffer.from('long'));
      for (const [i, o] of odd.entries()) await scoped.put(`site/${o}`, Buffer.from(`odd ${i}`));
      await blobs.put('other/webflow/site/kept', Buffer.from('kept'));
      expect((await scoped.get(`site/${long}`))?.toString(), name).toBe('long');
      for (const [i, o] of odd.entries()) expect((await scoped.get(`site/${o}`))?.toString(), `${name} ${JSON.stringify(o)}`).toBe(`odd ${i}`);
      if (dir) expect((await readdir(dir)).sort()).toEqual(['db.json.blobs']); // nothing climbed out

      await blobs.deleteAll('sb');
      expect(await scoped.get(`site/${long}`), name).toBeUndefined();
      expect((await blobs.get('other/webflow/site/kept'))?.toString(), name).toBe('kept');
      await cleanup();
    }
  });
});
