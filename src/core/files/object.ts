import { createHash } from 'node:crypto';
import type { WireResponse } from '../service/exchange.js';

/** An object's bytes as a storage service or CDN serves them: its content type, an MD5 ETag and Last-Modified. */
export function objectAnswer(bytes: Buffer, meta: { contentType: string; lastModified: string; headers?: Record<string, string> }): WireResponse {
  return {
    status: 200,
    headers: {
      ...meta.headers,
      ETag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      'Last-Modified': new Date(meta.lastModified).toUTCString(),
    },
    raw: bytes,
    contentType: meta.contentType,
  };
}
