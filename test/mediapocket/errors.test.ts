import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { mp } from './helpers.js';

let t: TestApp;
const PROJECT = 'SpringCampaign2026aa';
const ASSET = 'HeroImageForCampaign';
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

// apipie-rails' messages (Apipie/apipie-rails lib/apipie/validator.rb): presence of every param first, then values in declaration order.
describe('apipie parameter errors (422)', () => {
  it.each([
    ['title null', '/assets', { title: null }, "Invalid parameter 'title' value nil: Must be a String"],
    ['title blank', '/assets', { title: '' }, 'Invalid parameter \'title\' value "": Must be a String'],
    ['title a number', '/assets', { title: 123 }, "Invalid parameter 'title' value 123: Must be a String"],
    ['title a list', '/assets', { title: ['a', 1] }, 'Invalid parameter \'title\' value ["a", 1]: Must be a String'],
    // apipie validates `normalized_value(value)` (Rails params turned into a Hash), so a Hash is what it inspects.
    ['title an object', '/assets', { title: { a: 1, b: [null, { c: 'd' }] } }, 'Invalid parameter \'title\' value {"a"=>1, "b"=>[nil, {"c"=>"d"}]}: Must be a String'],
    ['tags null', '/assets', { title: 'x', tags: null }, "Invalid parameter 'tags' value nil: Must be an array of String"],
    ['a description of null', '/assets', { title: 'x', description: null }, "Invalid parameter 'description' value nil: Must be a String"],
    ['media_type null', '/assets', { title: 'x', media_type: null }, "Invalid parameter 'media_type' value nil: Must be one of: <code>article</code>."],
    ['a string needing escapes', '/assets', { title: 'x', category: ['say "hi"\n#{x}'] }, 'Invalid parameter \'category\' value ["say \\"hi\\"\\n\\#{x}"]: Must be a String'],
    ['a float', '/assets', { title: 1.5 }, "Invalid parameter 'title' value 1.5: Must be a String"],
    ['a blank subproject title', `/projects/${PROJECT}/projects`, { title: '' }, 'Invalid parameter \'title\' value "": Must be a String'],
    ['title with quotes and a newline', '/assets', { title: 'say "hi"\n', description: 5 }, "Invalid parameter 'description' value 5: Must be a String"],
    ['tags a string', '/assets', { title: 'x', tags: 'sample' }, 'Invalid parameter \'tags\' value "sample": Must be an array of String'],
    ['tags with a number', '/assets', { title: 'x', tags: ['ok', 2] }, 'Invalid parameter \'tags\' value ["ok", 2]: Must be an array of String'],
    ['media_type a number', '/assets', { title: 'x', media_type: 123 }, "Invalid parameter 'media_type' value 123: Must be one of: <code>article</code>."],
    ['a missing title with a bad media_type', '/assets', { media_type: 'image' }, 'Missing parameter title'],
    ['the first bad value in declaration order', '/assets', { external_id: 5, title: 'x', category: true }, "Invalid parameter 'category' value true: Must be a String"],
    ['both media params missing', `/assets/${ASSET}/media`, {}, 'Missing parameter file_url\nMissing parameter filename'],
    ['a comment that is not a string', `/assets/${ASSET}/comments`, { comment: 7 }, "Invalid parameter 'comment' value 7: Must be a String"],
    ['url that is not a Hash', `/projects/${PROJECT}/assets`, { title: 'x', url: 'http://x/y.jpg' }, 'Invalid parameter \'url\' value "http://x/y.jpg": Must be a Hash'],
    ['url without filename', `/projects/${PROJECT}/assets`, { title: 'x', url: { file_url: 'http://x/y.jpg' } }, 'Missing parameter filename'],
    ['s3 with a bad key', `/projects/${PROJECT}/assets`, { title: 'x', s3: { s3_key: 5, filename: 'a.jpg' } }, "Invalid parameter 's3_key' value 5: Must be a String"],
    // HashValidator checks key by key, presence then value: a bad first key beats a missing second one.
    ['url with a bad file_url and no filename', `/projects/${PROJECT}/assets`, { title: 'x', url: { file_url: 5 } }, "Invalid parameter 'file_url' value 5: Must be a String"],
    ['url with neither key', `/projects/${PROJECT}/assets`, { title: 'x', url: {} }, 'Missing parameter file_url'],
    ['url null', `/projects/${PROJECT}/assets`, { title: 'x', url: null }, "Invalid parameter 'url' value nil: Must be a Hash"],
    ['a missing title beats a bad url', `/projects/${PROJECT}/assets`, { url: 5 }, 'Missing parameter title'],
  ])('%s', async (_name, path, body, error) => {
    const r = await mp(t, 'post', path).send(body);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error });
  });

  it('counts no body, a non-object body and a body of another type as no params', async () => {
    for (const send of [mp(t, 'post', '/assets'), mp(t, 'post', '/assets').set('content-type', 'application/json').send('[1,2]'), mp(t, 'post', '/assets').set('content-type', 'text/plain').send('title=x')]) {
      const r = await send;
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: 'Missing parameter title' });
    }
  });

  it('reads a form-encoded body as Rails does', async () => {
    const r = await mp(t, 'post', '/assets').type('form').send('title=From%20a%20form&tags[]=A&tags[]=b');
    expect(r.status).toBe(200);
    expect(r.body.asset.title).toBe('From a form');
    expect(r.body.asset.tags).toEqual(['a', 'b']);
  });
});

describe('model errors (400) and the service\'s own refusals', () => {
  it('refuses a title of 256 characters and takes 255', async () => {
    const r = await mp(t, 'post', '/projects').send({ title: 'x'.repeat(256) });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'Title is too long (maximum is 255 characters)' });
    expect((await mp(t, 'post', '/projects').send({ title: '😀'.repeat(255) })).status).toBe(200);
  });

  it('refuses media from something that is not an HTTP URL', async () => {
    const r = await mp(t, 'post', `/assets/${ASSET}/media`).send({ file_url: '/local/downloads/myfile.jpg', filename: 'myfile.jpg' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'not a valid HTTP URL' });
  });

  it('answers 400 "asset not found" when adding a missing asset to a collection', async () => {
    const r = await mp(t, 'post', '/collections/SpringLaunchPicks01x/assets').send({ asset_id: 'nope' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'asset not found' });
  });

  it('answers 400 for a body that is not JSON, never a 5xx', async () => {
    const r = await mp(t, 'post', '/assets').set('content-type', 'application/json').send('{"title": ');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'Error occurred while parsing request parameters' });
  });
});

describe('auth and not-found', () => {
  it.each([[null], ['wrong-key']])('answers 401 {"error":"Unauthorized"} for key %s', async (key) => {
    const r = await mp(t, 'get', `/projects/${PROJECT}`, key);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Unauthorized' });
  });

  it.each([
    ['get', '/assets/nope', 'asset not found'],
    ['get', '/projects/nope', 'project not found'],
    ['post', '/collections/nope/assets', 'collection not found'],
    ['get', `/assets/${ASSET}/article`, 'article not found'],
    ['get', `/assets/${ASSET}/comments/999`, 'comment not found'],
    ['get', '/no/such/route', 'not found'],
    ['delete', `/projects/${PROJECT}`, 'not found'],
  ])('%s %s answers 404 %s', async (method, path, thing) => {
    const r = await mp(t, method as 'get', path);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: thing });
  });
});
