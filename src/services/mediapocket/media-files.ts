import { randomBytes } from 'node:crypto';
import type { Exchange, OwnRoute, WireResponse } from '../../core/service/module.js';
import { checkPresigned } from '../../core/files/presigned.js';
import { objectAnswer } from '../../core/files/object.js';
import { requestIds, s3Fail } from '../../core/files/s3-errors.js';
import type { MediapocketData, StoredMedia } from './store.js';
import type { MediapocketScratch } from './scratch.js';
import { ACCESS_KEY, BUCKET, REGION, keyName } from './media-urls.js';
import { FixtureFiles } from '../../core/files/fixture-files.js';

type Ctx = Exchange<MediapocketData, MediapocketScratch>;

/** Demo files shipped in fixtures/mediapocket/files/, the bytes of media whose source is `fixture:<name>`. */
export const demoFiles = new FixtureFiles();

// The response-* parameters of a presigned GET and the headers S3 answers them with.
const OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-disposition': 'Content-Disposition',
  'response-content-language': 'Content-Language',
  'response-content-encoding': 'Content-Encoding',
  'response-cache-control': 'Cache-Control',
  'response-expires': 'Expires',
};

/** The media a key names, if it is still that asset's: `<account>/<asset_id>/<media_id>/<file name>`. */
function mediaOfKey(ctx: Ctx, key: string): StoredMedia | undefined {
  const [accountName, assetId, mediaId, ...rest] = key.split('/');
  if (!accountName || !assetId || !mediaId) return undefined;
  const m = ctx.store.tenant(accountName).get('media', mediaId);
  return m && m.asset_id === assetId && keyName(m.original_filename) === rest.join('/') ? m : undefined;
}

/**
 * A presigned GET of a media file, checked as S3 checks it (S3's XML errors), then its bytes: the
 * file shipped with the fixtures, a 302 to the URL it was added from (Standin fetches nothing), and
 * for media from the customer's own S3 key, which Standin cannot reach, `NoSuchKey`.
 */
async function getObject(ctx: Ctx): Promise<WireResponse> {
  const [bucket, key] = [ctx.params['bucket']!, ctx.params['key']!];
  if (bucket !== BUCKET) throw s3Fail(404, 'NoSuchBucket', 'The specified bucket does not exist', [['BucketName', bucket]]);
  // Read, not made: a GET must not write. Before any URL was minted nothing can match.
  const secret = ctx.store.shared.get('secrets', 'media')?.value ?? randomBytes(32).toString('hex');
  const overrides = checkPresigned({ accessKey: ACCESS_KEY, secret, region: REGION }, bucket, key, ctx.rawQuery, ctx.clock.nowMs());
  const media = mediaOfKey(ctx, key);
  const [kind, where] = media ? [media.source.slice(0, media.source.indexOf(':')), media.source.slice(media.source.indexOf(':') + 1)] : ['', ''];
  const ids = requestIds(ctx).headers;
  if (kind === 'url') return { status: 302, headers: { ...ids, Location: where } };
  const bytes = kind === 'fixture' ? demoFiles.get(where) : undefined;
  if (!media || !bytes) throw s3Fail(404, 'NoSuchKey', 'The specified key does not exist.', [['Key', key]]);
  const headers: Record<string, string> = { ...ids };
  for (const [param, value] of overrides) if (OVERRIDES[param] && param !== 'response-content-type') headers[OVERRIDES[param]] = value;
  return objectAnswer(bytes, { contentType: overrides.get('response-content-type') ?? media.content_type, lastModified: media.created_date, headers });
}

/** Where the presigned media URLs lead (GET serves HEAD too). */
export const mediaRoutes: OwnRoute<MediapocketData, MediapocketScratch>[] = [{ method: 'GET', path: '/__s3/{bucket}/{key+}', handle: (_req, ctx) => getObject(ctx) }];
