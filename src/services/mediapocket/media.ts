import { createHash } from 'node:crypto';
import type { operations } from './openapi.generated.js';
import type { Asset, MediapocketData } from './store.js';
import { account, caller, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { notFound, refuse } from './records.js';

const KINDS: [string, RegExp][] = [
  ['image', /\.(jpe?g|png|gif|webp|bmp|tiff?|heic|svg)$/i],
  ['video', /\.(mp4|mov|avi|mkv|webm|m4v|mxf)$/i],
  ['audio', /\.(mp3|wav|aac|flac|ogg|m4a)$/i],
  ['document', /\.(pdf|docx?|xlsx?|pptx?|txt|rtf|odt)$/i],
];

/** The media Mediapocket would fetch, without fetching it: type from the file name, MD5 of the source (ASSUMED). */
export function withMedia(ctx: { clock: { iso(): string } }, asset: Asset, filename: string, source: string): Asset {
  return {
    ...asset,
    media_type: KINDS.find(([, re]) => re.test(filename))?.[0] ?? 'file',
    original_filename: filename,
    md5_sum: createHash('md5').update(source).digest('hex'),
    modification_date: ctx.clock.iso(),
  };
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
  const asset = withMedia(ctx, found, body.filename, body.file_url);
  await ctx.store.write((tx) => tx.tenant(caller(ctx).account).put('assets', asset.id, asset));
  return { status: 200, json: { ok: 'ok' } };
};

/** Without media the answer is still 200, with the error inside the body (the assets/add_media docs page). */
export const removeMedia: MediapocketHandler = async (req, ctx) => {
  const found = findAsset(req, ctx);
  if (found.original_filename === null) return { status: 200, json: { asset: found, errors: { error: 'No media found on this asset.', status: 400 } } };
  const asset: Asset = { ...found, media_type: 'placeholder', original_filename: null, md5_sum: null, modification_date: ctx.clock.iso() };
  await ctx.store.write((tx) => tx.tenant(caller(ctx).account).put('assets', asset.id, asset));
  return { status: 200, json: { asset } };
};

export const getArticle: MediapocketHandler = (req, ctx) => {
  const asset = findAsset(req, ctx);
  const article = asset.media_type === 'article' ? account(ctx).get('articles', asset.id) : undefined;
  if (!article) notFound('article');
  return { status: 200, json: { content: article.content } };
};
