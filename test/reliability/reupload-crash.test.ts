import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/app.js';
import { startCli, type CliProcess } from '../helpers/process.js';
import { SITE } from '../webflow/helpers.js';

const HEADERS = { authorization: 'Bearer demo-token', 'content-type': 'application/json' };
interface Upload {
  id: string;
  uploadUrl: string;
  uploadDetails: Record<string, string>;
}

/** Version `size` of the file: `size` bytes of one value, so its length and content tell which upload it was. */
const version = (size: number) => Buffer.alloc(size, size % 251);

async function upload(up: Upload, bytes: Buffer): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(up.uploadDetails)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'data.bin');
  return (await fetch(up.uploadUrl, { method: 'POST', body: form })).status;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('re-upload and crash (a real process, SIGKILL)', () => {
  it('the stored size and the served bytes always come from the same upload, and no temp file survives a restart', async () => {
    const { dir, cleanup } = await tmpDir();
    cleanups.push(cleanup);
    const db = join(dir, 'db.json');
    let proc: CliProcess = await startCli(['--db', db]);
    const created = await fetch(`${proc.url}/webflow/v2/sites/${SITE}/assets`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ fileName: 'data.bin', fileHash: createHash('md5').update('x').digest('hex') }) });
    const up = (await created.json()) as Upload;
    expect(await upload(up, version(1000))).toBe(201);
    let acked = 1000;
    let size = 1000;

    for (let round = 0; round < 6; round++) {
      const attempted: number[] = [];
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          size += 4099; // big enough that a write takes a moment, each version a different length
          attempted.push(size);
          try {
            if ((await upload(up, version(size))) === 201) acked = size;
          } catch {
            return; // the process died under the request
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 40 + round * 45));
      await proc.stop('SIGKILL');
      stop = true;
      await loop;

      proc = await startCli(['--db', db]);
      const asset = (await (await fetch(`${proc.url}/webflow/v2/assets/${up.id}`, { headers: HEADERS })).json()) as { size: number; hostedUrl: string };
      const served = Buffer.from(await (await fetch(asset.hostedUrl)).arrayBuffer());
      expect(served.length).toBe(asset.size);
      expect(served.equals(version(asset.size))).toBe(true);
      // The last acknowledged upload, or one after it that was on its way when the process died.
      expect([acked, ...attempted.filter((s) => s > acked)]).toContain(asset.size);
      acked = asset.size;
      const tmp = (await readdir(`${db}.blobs`, { recursive: true })).filter((f) => f.endsWith('.tmp'));
      expect(tmp).toEqual([]);
    }
    expect(await proc.stop()).toBe(0);
  }, 90_000);
});
