import { createHash } from 'node:crypto';
import type { operations } from './openapi.generated.js';
import type { Asset, StoredMedia } from './store.js';
import { contentTypeOf } from '../../core/files/content-type.js';
import { account, type MediapocketExchange, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { refuse } from './records.js';
import { writeAccount, type AccountWrite } from './account-write.js';

const KINDS: [string, RegExp][] = [
  ['image', /\.(jpe?g|png|gif|webp|bmp|tiff?|heic|svg)$/i],
  ['video', /\.(mp4|mov|avi|mkv|webm|m4v|mxf)$/i],
  ['audio', /\.(mp3|wav|aac|flac|ogg|m4a)$/i],
  ['document', /\.(pdf|docx?|xlsx?|pptx?|txt|rtf|odt)$/i],
];

/** The asset's media files (at most one: its original). */
export function mediaOf(ctx: MediapocketExchange, assetId: string): StoredMedia[] {
  return account(ctx).values('media').filter((m) => m.asset_id === assetId);
}

/**
 * Gives the asset the media Mediapocket would fetch, without fetching it (ASSUMED): the type from the
 * file name, MD5 of the source. It replaces the asset's media (a new media id); the asset is put with
 * a MEDIA_ADDED event in the same batch.
 */
export function withMedia(ctx: MediapocketExchange, w: AccountWrite, asset: Asset, filename: string, source: { url: string } | { s3_key: string }): Asset {
  const [kind, where] = 'url' in source ? ['url', source.url] : ['s3', source.s3_key];
  const now = ctx.clock.iso();
  const media_type = KINDS.find(([, re]) => re.test(filename))?.[0] ?? 'file';
  const md5_sum = createHash('md5').update(where).digest('hex');
  const updated: Asset = { ...asset, media_type, original_filename: filename, md5_sum, modification_date: now };
  for (const old of mediaOf(ctx, asset.id)) w.account.delete('media', String(old.id));
  const id = w.next('media');
  w.account.put('media', String(id), {
    id, asset_id: asset.id, original_filename: filename, media_type, content_type: contentTypeOf(filename), size: null, md5_sum, created_date: now, source: `${kind}:${where}`,
  });
  w.account.put('assets', updated.id, updated);
  w.event('MEDIA_ADDED', ['Asset', updated]);
  return updated;
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const addMedia: MediapocketHandler = async (req, ctx) => {
  const found = findAsset(req, ctx);
  ctx.assertValid();
  const body = ctx.body as NonNullable<operations['add_media']['requestBody']>['content']['application/json'];
  if (!isHttpUrl(body.file_url)) refuse('not a valid HTTP URL');
  await writeAccount(ctx, (w) => void withMedia(ctx, w, found, body.filename, { url: body.file_url }));
  return { status: 200, json: { ok: 'ok' } };
};

/** Without media the answer is still 200, with the error inside the body (the assets/remove_media docs page). */
export const removeMedia: MediapocketHandler = async (req, ctx) => {
  const found = findAsset(req, ctx);
  if (found.original_filename === null) return { status: 200, json: { asset: found, errors: { error: 'No media found on this asset.', status: 400 } } };
  const asset: Asset = { ...found, media_type: 'placeholder', original_filename: null, md5_sum: null, modification_date: ctx.clock.iso() };
  await writeAccount(ctx, (w) => {
    for (const m of mediaOf(ctx, asset.id)) w.account.delete('media', String(m.id));
    w.account.put('assets', asset.id, asset);
    w.event('MEDIA_REMOVED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};
