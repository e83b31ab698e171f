import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requestBodySchema } from '../../src/core/pipeline/issues.js';
import { ResponseChecker } from '../../src/core/pipeline/response-checker.js';
import type { SpecOperation } from '../../src/core/boot/spec.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fillPath, kitsFor, type ServiceKit } from '../helpers/kit.js';
import { testServices, underLoadOptions } from '../helpers/registry.js';
import { arbitraryFor, invalidValues, isSchema, type Mutation, type Schema } from '../helpers/schema-arbitrary.js';
import type { FuzzHints } from '../helpers/fuzz-hints.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);
const VALID_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const INVALID_RUNS = Math.ceil(VALID_RUNS / 2);
const VERBOSE = process.env['FUZZ_VERBOSE'] !== undefined;

interface Tally {
  valid: number;
  success: number;
  business: number;
  invalid: number;
  refused: number;
  byOp: Record<string, Record<string, number>>;
}
const tallies: Record<string, Tally> = {};
let serverErrors = 0;

interface Sent {
  status: number;
  contentType: string | undefined;
  bytes: Buffer;
  text: string;
}

interface Request {
  query: [string, string][];
  headers: Record<string, string>;
  body: unknown;
  what?: string;
  /** The top-level body property the mutation broke (a session's own fields must not mend it). */
  broken?: string;
  /** A header left out, though the kit's credentials carry it (ActionHub's program-id). */
  drop?: string;
}

// A request for which the service must answer as a business outcome, not refuse the request.
const BUSINESS = new Set([404, 409, 410, 412]);

/** The operation's documented answer for a status (exact, then `4XX`, then default). */
const documented = (op: SpecOperation, status: number) => {
  const responses = op.operation.responses ?? {};
  return [String(status), `${String(status)[0]}XX`, 'default'].some((k) => k in responses);
};

/** Replaces the schema of every property (at any depth) that the refinements name. */
function refined(schema: unknown, refine: Record<string, Schema>): unknown {
  if (!isSchema(schema)) return schema;
  const out: Schema = { ...schema };
  if (isSchema(schema['properties'])) {
    out['properties'] = Object.fromEntries(Object.entries(schema['properties']).map(([k, v]) => [k, refine[k] ?? refined(v, refine)]));
  }
  if (isSchema(schema['items'])) out['items'] = refined(schema['items'], refine);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => refined(b, refine));
  }
  return out;
}

/** Everything the fuzzer generates one operation's requests from. */
function plan(op: SpecOperation, h: FuzzHints, seeded: Record<string, string>, authHeaders: Record<string, string>) {
  // A body property named like one of the operation's path parameters must agree with the URL (Sensu's metadata).
  const pathConsts = Object.fromEntries(op.parameters.filter((p) => p.in === 'path' && seeded[p.name] !== undefined).map((p) => [p.name, { const: seeded[p.name] }]));
  const refine = { ...(h.refine?.(seeded, op) ?? {}), ...pathConsts };
  const specBody = requestBodySchema(op);
  const body = specBody === undefined ? undefined : refined(h.bodies?.[op.operationId] ?? specBody, refine);
  const query = op.parameters.filter((p) => p.in === 'query');
  const headers = op.parameters.filter((p) => p.in === 'header' && !Object.keys(authHeaders).some((k) => k.toLowerCase() === p.name.toLowerCase()));
  const schemaOf = (p: { name: string; schema?: unknown }) => refine[p.name] ?? p.schema;
  const params = (ps: typeof query) =>
    fc.record(Object.fromEntries(ps.map((p) => [p.name, arbitraryFor(schemaOf(p))])), { requiredKeys: ps.filter((p) => p.required).map((p) => p.name) });
  const validQuery = params(query).map((q) => Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]));
  // Header values travel as visible ASCII (fetch refuses anything else).
  const asciiHeaders = headers.map((p) => (isSchema(p.schema) && p.schema['type'] === 'string' && !p.schema['pattern'] && !p.schema['enum'] ? { ...p, schema: { ...p.schema, pattern: '^[A-Za-z0-9._-]{1,32}$' } } : p));
  const validHeaders = params(asciiHeaders).map((q) => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])));
  const validBody = body === undefined ? fc.constant(undefined) : arbitraryFor(body);
  const valid: fc.Arbitrary<Request> = fc.record({ query: validQuery, headers: validHeaders, body: validBody });

  // Mutations: each breaks exactly one documented rule of an otherwise valid request.
  const mutations: fc.Arbitrary<Request>[] = [];
  const withMutation = (m: fc.Arbitrary<Mutation>, place: 'body' | 'query') =>
    fc.tuple(valid, m).map(([r, { what, value }]): Request => {
      if (place === 'body') return { ...r, body: value, what, broken: /^body\.([^.[ ]+)/.exec(what)?.[1] };
      return { ...r, query: [...r.query.filter(([k]) => !(value as [string, string][]).some(([n]) => n === k)), ...(value as [string, string][])], what };
    });
  if (body !== undefined) for (const m of invalidValues(body)) mutations.push(withMutation(m, 'body'));
  if (op.operation.requestBody && (op.operation.requestBody as { required?: boolean }).required) {
    mutations.push(valid.map((r) => ({ ...r, body: undefined, what: 'no body' })));
  }
  for (const p of query) {
    const s = (isSchema(p.schema) ? p.schema : {}) as { type?: unknown; minimum?: number; maximum?: number; enum?: unknown[] };
    const bad: string[] = [];
    if (s.type === 'integer' || s.type === 'number') bad.push('not-a-number');
    if (typeof s.minimum === 'number') bad.push(String(s.minimum - 1));
    if (typeof s.maximum === 'number') bad.push(String(s.maximum + 1));
    if (Array.isArray(s.enum)) bad.push('not-one-of-them');
    for (const v of bad) mutations.push(withMutation(fc.constant({ what: `query ${p.name}=${v}`, value: [[p.name, v]] }), 'query'));
  }
  for (const p of op.parameters.filter((x) => x.in === 'header' && x.required)) {
    mutations.push(valid.map((r) => ({ ...r, drop: p.name.toLowerCase(), what: `header ${p.name} missing` })));
  }
  return { valid, invalid: mutations.length ? fc.oneof(...mutations) : undefined };
}

const kits = await kitsFor(testServices.map((s) => s.name));

// Every registered service and the fake.
describe.each(testServices.map((s) => [s.name]))('%s: spec fuzzing (FUZZ_SEED)', (name) => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let kit: ServiceKit;
  let checker: ResponseChecker;
  let headers: Record<string, string>;
  let h: FuzzHints = {};
  const tally: Tally = (tallies[name] = { valid: 0, success: 0, business: 0, invalid: 0, refused: 0, byOp: {} });
  // Requests are sent with the kit's credentials on its data: without a kit these are skipped (kitsFor says why).
  const it = kits[name] ? test : test.skip;

  beforeAll(async () => {
    t = await testApp({ services: testServices, seed: SEED, options: underLoadOptions() });
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`;
    // Kits and hints talk to the same listening server (supertest would start one per request).
    t = { ...t, http: request(server) };
    // The app's own checker (it already fails off-spec answers with a 500); the test checks the bytes again.
    checker = t.rt.responseChecker ?? new ResponseChecker();
    if (!kits[name]) return;
    kit = kits[name];
    h = kit.fuzz ?? {};
    headers = await kit.auth(t, 'a');
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  /** Fresh resources of tenant a for one operation, addressed by its path parameters. */
  const seedFor = async (op: SpecOperation, marker: string) => {
    const seeded = kit.paramsOf('a', await kit.seed(t, marker));
    return { ...seeded, ...(await h.params?.(t, op, seeded)) };
  };

  const operations = () => t.rt.services.find((s) => s.module.name === name)!.spec.operations;

  /** Sends one request as the plan built it, with the credentials the operation needs. */
  async function send(op: SpecOperation, r: Request, params: Record<string, string>): Promise<Sent> {
    const session = await h.session?.(t, op);
    const own = Object.entries(session?.body ?? {}).filter(([k]) => k !== r.broken);
    const body = own.length && isSchema(r.body) ? { ...r.body, ...Object.fromEntries(own) } : r.body;
    const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const all = { ...(session?.headers ?? headers), ...r.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const res = await fetch(`${base}${fillPath(op.path, params)}${qs ? `?${qs}` : ''}`, {
      method: op.method.toUpperCase(),
      headers: Object.fromEntries(Object.entries(all).filter(([k]) => k.toLowerCase() !== r.drop)),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const sent = { status: res.status, contentType: res.headers.get('content-type') ?? undefined, bytes, text: bytes.toString('utf8') };
    const key = `${op.operationId} ${r.what ? 'invalid' : 'valid'}`;
    if (sent.status >= 500) serverErrors++;
    const counts = (tally.byOp[key] ??= {});
    counts[sent.status] = (counts[sent.status] ?? 0) + 1;
    return sent;
  }

  /** Status documented, body as the spec says, never a 5xx: what every answer must be. */
  function expectOnSpec(op: SpecOperation, r: Request, res: Sent): string {
    const label = `${op.method.toUpperCase()} ${op.path} ${r.what ?? 'valid'} ?${JSON.stringify(r.query)} ${JSON.stringify(r.body)?.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, label).toBeLessThan(500);
    expect(documented(op, res.status), `undocumented status: ${label}`).toBe(true);
    expect(checker.check(op, res.status, res.contentType, res.bytes), label).toBeUndefined();
    return label;
  }

  it('valid requests get a documented 2xx or a documented business error', async () => {
    for (const [i, op] of operations().entries()) {
      // Each operation works on resources of its own, so one operation's writes (media that turn an
      // article into an image) cannot turn another's valid requests into not-founds.
      const seeded = await seedFor(op, `fuzz-${i}`);
      const { valid } = plan(op, h, seeded, headers);
      await fc.assert(
        fc.asyncProperty(valid, async (r) => {
          // A delete uses up what it deletes: each one gets resources of its own.
          const params = (h.consumes ?? ((o) => o.method === 'delete'))(op) ? await seedFor(op, `fuzz-${i}-${tally.valid}`) : seeded;
          const res = await send(op, r, params);
          tally.valid++;
          const label = expectOnSpec(op, r, res);
          if (res.status >= 200 && res.status < 300) tally.success++;
          else {
            expect(BUSINESS.has(res.status) || h.business?.(op, res.status, res.text) === true, `a valid request was refused: ${label}`).toBe(true);
            tally.business++;
          }
        }),
        { seed: SEED + i, numRuns: VALID_RUNS },
      );
    }
  });

  it('invalid (mutated) requests get a documented 4xx', async () => {
    for (const [i, op] of operations().entries()) {
      if (!plan(op, h, {}, headers).invalid) continue; // nothing to break (a GET without parameters)
      const seeded = await seedFor(op, `fuzz-invalid-${i}`);
      const { invalid } = plan(op, h, seeded, headers);
      if (!invalid) continue;
      await fc.assert(
        fc.asyncProperty(invalid, async (r) => {
          const res = await send(op, r, seeded);
          tally.invalid++;
          const label = expectOnSpec(op, r, res);
          expect(res.status, label).toBeGreaterThanOrEqual(400);
          tally.refused++;
        }),
        { seed: SEED + 1000 + i, numRuns: INVALID_RUNS },
      );
    }
  });

  // Runs after the traffic above: every record the service wrote must fit its own state schemas.
  it('the state the traffic left is a snapshot that imports back unchanged', async () => {
    const exported = (await t.http.get(`/__admin/state?service=${name}`)).body as { services: Record<string, unknown> };
    const r = await t.http.put('/__admin/state').send({ services: exported.services });
    expect(r.status, r.text).toBe(200);
    expect((await t.http.get(`/__admin/state?service=${name}`)).body).toEqual(exported);
  });
});

afterAll(() => {
  const all = Object.values(tallies);
  const sum = (f: (x: Tally) => number) => all.reduce((n, x) => n + f(x), 0);
  const lines = Object.entries(tallies).map(
    ([name, x]) => `  ${name}: ${x.valid} valid (${x.success} 2xx, ${x.business} business errors), ${x.invalid} invalid (${x.refused} documented 4xx)`,
  );
  console.log(`spec fuzzing: ${sum((x) => x.valid + x.invalid)} requests, seed ${SEED}, 5xx seen ${serverErrors}\n${lines.join('\n')}`);
  if (VERBOSE) for (const [name, x] of Object.entries(tallies)) for (const [op, c] of Object.entries(x.byOp)) console.log(`  ${name} ${op}: ${JSON.stringify(c)}`);
});
