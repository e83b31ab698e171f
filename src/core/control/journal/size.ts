import type { RawEntry } from './entry.js';

/** What an entry costs besides its strings and bodies: the object, its maps and the ring slot. */
const ENTRY_OVERHEAD = 512;

function headerBytes(h: RawEntry['headers']): number {
  let n = 0;
  for (const [k, v] of Object.entries(h)) n += k.length + (Array.isArray(v) ? v.reduce((s, x) => s + x.length, 0) : String(v ?? '').length) + 32;
  return n;
}

/**
 * About how much memory an entry holds (strings counted a byte a character, as V8 keeps Latin-1 ones):
 * what the journal's memory bound is counted in.
 */
export function entryBytes(e: RawEntry): number {
  let n = ENTRY_OVERHEAD + e.path.length + e.query.length + headerBytes(e.headers) + headerBytes(e.responseHeaders);
  n += (e.requestBody?.length ?? 0) + (e.responseBody?.length ?? 0);
  if (e.requestForm) {
    for (const [k, v] of Object.entries(e.requestForm.fields)) n += k.length + v.length + 32;
    for (const f of e.requestForm.files) n += f.field.length + f.filename.length + f.contentType.length + 64;
  }
  return n;
}
