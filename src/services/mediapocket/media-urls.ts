import { objectPath, presignGet, type Signer } from '../../core/files/presigned.js';
import { signingSecret } from '../../core/files/sigv4.js';
import type { StoredMedia } from './store.js';
import { caller, type MediapocketExchange, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { mediaOf } from './media.js';
import { notFound } from './records.js';

// Where Mediapocket keeps media (ASSUMED: an S3 bucket in Stockholm, the region nearest its Finnish home).
export const BUCKET = 'mediapocket-media';
export const REGION = 'eu-north-1';
export const ACCESS_KEY = 'AKIASTANDINMEDIA0000';
/** How long a download or preview URL is good for (ASSUMED). */
export const URL_TTL_SECONDS = 3600;

/** The file name as it sits in the key: one safe path segment (ASSUMED, as storage keys are usually sanitised). */
export const keyName = (filename: string) => filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');

/** `<account>/<asset_id>/<media_id>/<file name>`: the media's S3 key. */
export const objectKey = (accountName: string, m: StoredMedia) => `${accountName}/${m.asset_id}/${m.id}/${keyName(m.original_filename)}`;

/** RFC 6266: a plain quoted name when it is printable ASCII, else an ASCII stand-in plus the UTF-8 name. */
function attachment(filename: string): string {
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\]/.test(filename)) return `attachment; filename="${filename}"`;
  return `attachment; filename="${keyName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function mediaSigner(ctx: MediapocketExchange): Promise<Signer> {
  return { accessKey: ACCESS_KEY, secret: await signingSecret(ctx, 'media'), region: REGION };
}

/** A fresh presigned GET of the media's file, served by Standin under the service's own base URL. */
function presignedUrl(ctx: MediapocketExchange, signer: Signer, m: StoredMedia, disposition: string): string {
  const key = objectKey(caller(ctx).account, m);
  const query = presignGet(signer, BUCKET, key, ctx.clock.now(), URL_TTL_SECONDS, [['response-content-disposition', disposition]]);
  return `${ctx.baseUrl}/__s3${objectPath(BUCKET, key)}?${query}`;
}

export const downloadUrl = (ctx: MediapocketExchange, signer: Signer, m: StoredMedia) => presignedUrl(ctx, signer, m, attachment(m.original_filename));

/** The media as `GET …/media` lists it, with fresh URLs; only images have a preview (their original, shown inline). */
function renderMedia(ctx: MediapocketExchange, signer: Signer, m: StoredMedia) {
  return {
    id: m.id,
    original_filename: m.original_filename,
    media_type: m.media_type,
    content_type: m.content_type,
    size: m.size,
    md5_sum: m.md5_sum,
    created_date: m.created_date,
    download_url: downloadUrl(ctx, signer, m),
    preview_url: m.media_type === 'image' ? presignedUrl(ctx, signer, m, 'inline') : null,
  };
}

export const listMedia: MediapocketHandler = async (req, ctx) => {
  const asset = findAsset(req, ctx);
  const media = mediaOf(ctx, asset.id);
  // The signing secret is made on first use: listing no media makes none.
  if (!media.length) return { status: 200, json: { media: [] } };
  const signer = await mediaSigner(ctx);
  return { status: 200, json: { media: media.map((m) => renderMedia(ctx, signer, m)) } };
};

export const getMediaDownloadUrl: MediapocketHandler = async (req, ctx) => {
  const asset = findAsset(req, ctx);
  const media = mediaOf(ctx, asset.id).find((m) => String(m.id) === ctx.params['media_id']) ?? notFound('media');
  return { status: 200, json: { download_url: downloadUrl(ctx, await mediaSigner(ctx), media) } };
};
