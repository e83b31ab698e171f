import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/index.js';
import { DOCS, DocumentChecker } from './helpers.js';

/**
 * Documents this project did not write (Petstore 3.0, Scalar Galaxy 3.1, ReadMe's response examples),
 * mounted with `specs` beside the built-in services and used over real HTTP. Every answer Standin
 * generates is also checked by the runtime against the document (tests run with response checks on).
 */
let s: Standin;
let petstore: DocumentChecker;
let galaxy: DocumentChecker;
const BEARER = { authorization: 'Bearer anything' };

beforeAll(async () => {
  s = await startStandin({ specs: { petstore: DOCS.petstore, galaxy: DOCS.galaxy, examples: DOCS.examples }, servicePorts: { galaxy: 0 } });
  [petstore, galaxy] = await Promise.all([DocumentChecker.of(DOCS.petstore), DocumentChecker.of(DOCS.galaxy)]);
});
afterAll(async () => {
  await s?.close();
});

async function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const r = await fetch(`${s.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await r.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, headers: r.headers, body, text };
}

describe('a mounted document is validated', () => {
  it('names every failing field of a body, with the documented 400 where there is one (problem+json)', async () => {
    const r = await call('/galaxy/planets', { method: 'POST', headers: BEARER, json: { description: 5, image: 3 } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    const body = r.body as { status: number; detail: string; validation: { location: string[]; code: string }[] };
    expect(body.status).toBe(400);
    expect(body.validation).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: ['body', 'name'], code: 'required' }),
        expect.objectContaining({ location: ['body', 'description'], code: 'type' }),
        expect.objectContaining({ location: ['body', 'image'], code: 'type' }),
      ]),
    );
    expect(body.detail).toContain('body.name');
  });

  it('answers 422 where the operation documents neither 400 nor 422, naming query and path fields', async () => {
    const q = await call('/galaxy/planets?limit=many&offset=-x');
    expect(q.status).toBe(422);
    expect((q.body as { validation: { location: string[] }[] }).validation.map((v) => v.location.join('.'))).toEqual(expect.arrayContaining(['query.limit', 'query.offset']));
    const p = await call('/petstore/pet/abc', { headers: { api_key: 'k' } });
    expect(p.status).toBe(400); // Petstore documents 400 for getPetById
    expect((p.body as { validation: { location: string[] }[] }).validation[0]!.location).toEqual(['path', 'petId']);
  });

  it('validates form bodies and content types', async () => {
    const form = await call('/petstore/pet/3', { method: 'POST', headers: { ...BEARER, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=rex&status=lost' });
    expect(form.status).toBe(405); // Petstore documents only 405 for updatePetWithForm: Prism's choice, the first response
    const wrongType = await call('/galaxy/planets', { method: 'POST', headers: { ...BEARER, 'content-type': 'text/plain' }, body: 'Pluto' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toBe('application/problem+json');
    const badJson = await call('/galaxy/planets', { method: 'POST', headers: { ...BEARER, 'content-type': 'application/json' }, body: '{"name":' });
    expect(badJson.status).toBe(400);
    expect((badJson.body as { validation: { location: string[] }[] }).validation[0]!.location).toEqual(['body']);
  });

  it('answers an unknown path 404 and a wrong method 405 with Allow', async () => {
    const missing = await call('/galaxy/moons');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await call('/galaxy/planets', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });
});

describe('security schemes', () => {
  it('refuses a request without a credential 401, with WWW-Authenticate for the http schemes', async () => {
    const r = await call('/galaxy/me');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Basic realm="*", Bearer');
    expect((r.body as { detail: string }).detail).toContain('apiKeyHeader');
  });

  it('accepts any value of any declared scheme: header, query and cookie keys, basic, bearer', async () => {
    const inits: RequestInit[] = [{ headers: { 'X-API-Key': 'x' } }, { headers: { authorization: 'Basic Zm9vOmJhcg==' } }, { headers: BEARER }];
    for (const init of inits) {
      expect((await call('/galaxy/me', init)).status).toBe(200);
    }
    expect((await call('/galaxy/me?api_key=x')).status).toBe(200);
    const cookie = await call('/galaxy/planets', { method: 'POST', headers: { cookie: 'theme=dark; api_key=x' }, json: { name: 'Vulcan' } });
    expect(cookie.status).toBe(201);
  });

  it('an apiKey-only operation gets its 401 without WWW-Authenticate, and runs before validation', async () => {
    const r = await call('/petstore/pet/abc');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBeNull();
  });
});

describe('answers', () => {
  it('are valid against the document: documented examples, else generated from the schema', async () => {
    const cases: [DocumentChecker, string, string, string, string][] = [
      [petstore, '/petstore/pet/findByStatus?status=available', 'get', '/pet/findByStatus', '200'],
      [petstore, '/petstore/store/inventory', 'get', '/store/inventory', '200'],
      [petstore, '/petstore/user/login?username=a&password=b', 'get', '/user/login', '200'],
      [galaxy, '/galaxy/me', 'get', '/me', '200'],
      [galaxy, '/galaxy/planets', 'get', '/planets', '200'],
    ];
    for (const [checker, url, method, path, status] of cases) {
      for (const prefer of [undefined, 'dynamic=true']) {
        const r = await call(url, { headers: { ...BEARER, api_key: 'k', ...(prefer ? { prefer } : {}) } });
        expect(r.status, url).toBe(Number(status));
        if (r.headers.get('content-type')?.includes('json')) expect(checker.problem(method, path, status, r.body), `${url} ${prefer}`).toBeUndefined();
      }
    }
  });

  it('take the media type Accept prefers among those documented, and refuse one it cannot give 406', async () => {
    const json = await call('/petstore/pet/findByStatus?status=sold', { headers: { ...BEARER, accept: 'application/xml;q=0.5, application/json' } });
    expect(json.headers.get('content-type')).toBe('application/json');
    const none = await call('/petstore/pet/findByStatus?status=sold', { headers: { ...BEARER, accept: 'image/png' } });
    expect(none.status).toBe(406);
  });

  it('send the response headers the operation documents', async () => {
    const r = await call('/petstore/user/login?username=a&password=b');
    expect(r.headers.get('x-rate-limit')).toMatch(/^-?\d+$/);
    expect(Number.isNaN(Date.parse(r.headers.get('x-expires-after') ?? ''))).toBe(false);
  });
});

describe('Prefer, as in Prism', () => {
  it('code= answers that documented status; example= the named example; an undocumented one is a 404 problem', async () => {
    const code = await call('/petstore/pet/1', { headers: { api_key: 'k', prefer: 'code=404' } });
    expect(code.status).toBe(404);
    expect((await call('/examples/examples')).body).toEqual({ user: { email: 'test@example.com', name: 'Test user name' } });
    const dog = await call('/examples/examples', { headers: { prefer: 'code=202, example=dog' } });
    expect(dog.status).toBe(202);
    expect(dog.body).toMatchObject({ name: 'Puma', petType: 'Dog' });
    const unknown = await call('/examples/examples', { headers: { prefer: 'example=bird' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('dynamic=true generates from the schema instead of the documented example, valid and varying', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await call('/petstore/pet/findByStatus?status=pending', { headers: { ...BEARER, prefer: 'dynamic=true' } });
      expect(petstore.problem('get', '/pet/findByStatus', '200', r.body)).toBeUndefined();
      seen.add(r.text);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('does not override validation: an invalid request is refused whatever it prefers', async () => {
    const r = await call('/galaxy/planets', { method: 'POST', headers: { ...BEARER, prefer: 'code=201' }, json: {} });
    expect(r.status).toBe(400);
  });
});
