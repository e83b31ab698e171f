import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ISO_MS, mp, OTHER_KEY } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  t.rt.clock.reset();
});

interface Media {
  id: number;
  original_filename: string;
  media_type: string;
  content_type: string;
  size: number | null;
  md5_sum: string;
  created_date: string;
  download_url: string;
  preview_url: string | null;
}

const listMedia = async (assetId: string, key?: string) => (await mp(t, 'get', `/assets/${assetId}/media`, key)).body.media as Media[];
/** Follows a URL Standin handed out, on the same app (its path and query, as a client would send them). */
const follow = (url: string, method: 'get' | 'head' = 'get') => {
  const u = new URL(url);
  return t.http[method](`${u.pathname}${u.search}`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
};
const xmlCode = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
const hero = readFile(new URL('../../fixtures/mediapocket/files/hero.png', import.meta.url));

describe('GET /api/v2/assets/{asset_id}/media', () => {
  it('lists the demo image with its facts and fresh presigned download and preview URLs', async () => {
    const [media, ...rest] = await listMedia('HeroImageForCampaign');
    expect(rest).toEqual([]);
    const bytes = await hero;
    expect(Object.keys(media!)).toEqual(['id', 'original_filename', 'media_type', 'content_type', 'size', 'md5_sum', 'created_date', 'download_url', 'preview_url']);
    expect(media).toMatchObject({ id: 1, original_filename: 'hero.png', media_type: 'image', content_type: 'image/png', size: bytes.length, md5_sum: createHash('md5').update(bytes).digest('hex') });
    expect(media!.created_date).toMatch(ISO_MS);
    const asset = (await mp(t, 'get', '/assets/HeroImageForCampaign')).body.asset;
    expect([asset.original_filename, asset.md5_sum]).toEqual([media!.original_filename, media!.md5_sum]);

    const url = new URL(media!.download_url);
    expect(url.pathname).toBe('/mediapocket/__s3/mediapocket-media/demo/HeroImageForCampaign/1/hero.png');
    expect([...url.searchParams.keys()]).toEqual(['response-content-disposition', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIASTANDINMEDIA0000\/\d{8}\/eu-north-1\/s3\/aws4_request$/);

    const got = await follow(media!.download_url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe('attachment; filename="hero.png"');
    expect(got.headers['etag']).toBe(`"${media!.md5_sum}"`);
    expect(got.headers['last-modified']).toBe(new Date(media!.created_date).toUTCString());
    expect(got.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    const preview = await follow(media!.preview_url!);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-disposition']).toBe('inline');
    const head = await follow(media!.download_url, 'head');
    expect([head.status, head.headers['content-length']]).toEqual([200, String(bytes.length)]);
    // The journal keeps neither the URLs' signatures nor the one a download sent.
    const listed = JSON.stringify((await t.http.get('/__admin/requests?service=mediapocket&path=/api/v2/assets/HeroImageForCampaign/media')).body);
    expect(listed).toContain('X-Amz-Signature=***');
    const followed = JSON.stringify((await t.http.get('/__admin/requests?service=mediapocket&path=/__s3/**')).body);
    expect(`${listed}${followed}`).not.toContain(url.searchParams.get('X-Amz-Signature'));
  });

  it('has no preview for a video, and its download leads to the URL it was added from (Standin fetches nothing)', async () => {
    const [video] = await listMedia('LaunchVideoRoughCut1');
    expect(video).toMatchObject({ id: 2, media_type: 'video', content_type: 'video/mp4', size: null, preview_url: null });
    const got = await follow(video!.download_url);
    expect(got.status).toBe(302);
    expect(got.headers['location']).toBe('https://media.example.com/spring/launch-rough-cut.mp4');
  });

  it('follows the asset\'s media: none at first, a new id when replaced, none once removed; old URLs stop working', async () => {
    const asset = (await mp(t, 'post', '/assets').send({ title: 'Photo' })).body.asset;
    expect(await listMedia(asset.id)).toEqual([]);
    expect((await mp(t, 'post', `/assets/${asset.id}/media`).send({ file_url: 'https://www.example.com/dir/Photo 1.JPG', filename: 'Photo 1.JPG' })).status).toBe(200);
    const [first] = await listMedia(asset.id);
    expect(first).toMatchObject({ original_filename: 'Photo 1.JPG', media_type: 'image', content_type: 'image/jpeg', size: null });
    expect(new URL(first!.download_url).pathname).toMatch(new RegExp(`/demo/${asset.id}/${first!.id}/Photo_1\\.JPG$`));
    const redirected = await follow(first!.download_url);
    expect([redirected.status, redirected.headers['location']]).toEqual([302, 'https://www.example.com/dir/Photo 1.JPG']);
    expect((await follow(first!.download_url, 'head')).status).toBe(302);

    expect((await mp(t, 'post', `/assets/${asset.id}/media`).send({ file_url: 'https://www.example.com/b.pdf', filename: 'b.pdf' })).status).toBe(200);
    const [second, ...more] = await listMedia(asset.id);
    expect(more).toEqual([]);
    expect(second).toMatchObject({ media_type: 'document', content_type: 'application/pdf', preview_url: null });
    expect(second!.id).toBeGreaterThan(first!.id);
    const gone = await follow(first!.download_url);
    expect(gone.status).toBe(404);
    expect(xmlCode(gone.body.toString())).toBe('NoSuchKey');

    expect((await mp(t, 'delete', `/assets/${asset.id}/media`)).status).toBe(200);
    expect(await listMedia(asset.id)).toEqual([]);
    expect((await follow(second!.download_url)).status).toBe(404);
  });

  it('answers NoSuchKey for media from the customer\'s own S3 key, which Standin cannot reach', async () => {
    const asset = (await mp(t, 'post', '/projects/SpringCampaign2026aa/assets').send({ title: 'From S3', s3: { s3_key: 'incoming/clip.mov', filename: 'clip.mov' } })).body.asset;
    const [clip] = await listMedia(asset.id);
    expect(clip).toMatchObject({ original_filename: 'clip.mov', media_type: 'video', content_type: 'video/quicktime' });
    const r = await follow(clip!.download_url);
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.body.toString()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>demo\/[^<]+\/clip.mov<\/Key><RequestId>/);
  });

  it('answers 404 for an unknown asset, 401 without a key, and shows an account only its own media', async () => {
    expect((await mp(t, 'get', '/assets/nope/media')).body).toEqual({ error: 'asset not found' });
    const none = await mp(t, 'get', '/assets/HeroImageForCampaign/media', null);
    expect([none.status, none.body]).toEqual([401, { error: 'Unauthorized' }]);
    const other = await mp(t, 'get', '/assets/HeroImageForCampaign/media', OTHER_KEY);
    expect([other.status, other.body]).toEqual([404, { error: 'asset not found' }]);
    const theirs = (await mp(t, 'post', '/assets', OTHER_KEY).send({ title: 'Theirs' })).body.asset;
    expect((await mp(t, 'post', `/assets/${theirs.id}/media`, OTHER_KEY).send({ file_url: 'https://www.example.com/t.png', filename: 't.png' })).status).toBe(200);
    const [media] = await listMedia(theirs.id, OTHER_KEY);
    expect(new URL(media!.download_url).pathname).toContain('/mediapocket-media/other/');
    expect((await mp(t, 'get', `/assets/${theirs.id}/media/${media!.id}/download_url`)).status).toBe(404);
  });
});

describe('GET /api/v2/assets/{asset_id}/media/{media_id}/download_url', () => {
  it('answers a fresh presigned URL that downloads the file', async () => {
    const r = await mp(t, 'get', '/assets/HeroImageRetouched01/media/3/download_url');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['download_url']);
    const got = await follow(r.body.download_url);
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe('attachment; filename="hero-retouched.png"');
    expect(Buffer.compare(got.body as Buffer, await readFile(new URL('../../fixtures/mediapocket/files/hero-retouched.png', import.meta.url)))).toBe(0);
  });

  it('answers 404 media not found for another asset\'s media or an unknown id; the asset first; 401 without a key', async () => {
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/media/3/download_url')).body).toEqual({ error: 'media not found' });
    const unknown = await mp(t, 'get', '/assets/HeroImageForCampaign/media/abc/download_url');
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'media not found' }]);
    expect((await mp(t, 'get', '/assets/nope/media/1/download_url')).body).toEqual({ error: 'asset not found' });
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/media/1/download_url', null)).status).toBe(401);
    expect((await mp(t, 'get', '/assets/HeroImageForCampaign/media/1/download_url', OTHER_KEY)).body).toEqual({ error: 'asset not found' });
  });

  it('checks the presigned URL as S3 does: expiry, signature, parameters, bucket', async () => {
    t.rt.clock.set(Date.parse('2026-03-01T10:00:00.000Z'));
    const url = (await mp(t, 'get', '/assets/HeroImageForCampaign/media/1/download_url')).body.download_url as string;
    expect(new URL(url).searchParams.get('X-Amz-Date')).toBe('20260301T100000Z');
    t.rt.clock.set(Date.parse('2026-03-01T10:59:59.000Z'));
    expect((await follow(url)).status).toBe(200);

    t.rt.clock.set(Date.parse('2026-03-01T11:00:01.000Z'));
    const expired = await follow(url);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>3600<\/X-Amz-Expires><Expires>2026-03-01T11:00:00Z<\/Expires><ServerTime>2026-03-01T11:00:01Z<\/ServerTime><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );
    t.rt.clock.set(Date.parse('2026-03-01T10:30:00.000Z'));

    const u = new URL(url);
    const signature = u.searchParams.get('X-Amz-Signature')!;
    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const bad = await follow(tampered.href);
    expect([bad.status, xmlCode(bad.body.toString())]).toEqual([403, 'SignatureDoesNotMatch']);
    // The signature covers the path and the other parameters: another file, or a longer life, is refused.
    const other = new URL(url.replace('/HeroImageForCampaign/1/hero.png', '/HeroImageRetouched01/3/hero-retouched.png'));
    expect(xmlCode((await follow(other.href)).body.toString())).toBe('SignatureDoesNotMatch');
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '7200');
    expect(xmlCode((await follow(longer.href)).body.toString())).toBe('SignatureDoesNotMatch');

    const anonymous = await follow(`${u.origin}${u.pathname}`);
    expect([anonymous.status, xmlCode(anonymous.body.toString())]).toEqual([403, 'AccessDenied']);
    const partial = new URL(url);
    partial.searchParams.delete('X-Amz-Date');
    const p = await follow(partial.href);
    expect([p.status, xmlCode(p.body.toString())]).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(p.body.toString()).toContain('<Message>Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.</Message>');
    const week = new URL(url);
    week.searchParams.set('X-Amz-Expires', '604801');
    expect((await follow(week.href)).body.toString()).toContain('<Message>X-Amz-Expires must be less than a week (in seconds) that is 604800</Message>');
    const akid = new URL(url);
    akid.searchParams.set('X-Amz-Credential', akid.searchParams.get('X-Amz-Credential')!.replace('AKIASTANDINMEDIA0000', 'AKIAOTHER'));
    expect(xmlCode((await follow(akid.href)).body.toString())).toBe('InvalidAccessKeyId');
    const bucket = await follow(url.replace('/mediapocket-media/', '/other-bucket/'));
    expect([bucket.status, xmlCode(bucket.body.toString())]).toEqual([404, 'NoSuchBucket']);
  });

  it('leads back to the sandbox it was minted in, through the URL', async () => {
    const r = await t.http.get('/__sandbox/media-suite/mediapocket/api/v2/assets/HeroImageForCampaign/media/1/download_url').set('X-API-KEY', 'demo-mediapocket-key');
    expect(new URL(r.body.download_url).pathname).toMatch(/^\/__sandbox\/media-suite\/mediapocket\/__s3\//);
    expect((await follow(r.body.download_url)).status).toBe(200);
    // Signed with that sandbox's secret: the same path in the default sandbox does not verify.
    const u = new URL(r.body.download_url);
    const plain = await t.http.get(`${u.pathname.replace('/__sandbox/media-suite', '')}${u.search}`);
    expect(plain.status).toBe(403);
  });
});
