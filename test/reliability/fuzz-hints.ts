import type { SpecOperation } from '../../src/core/spec.js';
import type { TestApp } from '../helpers/app.js';
import type { Schema } from '../helpers/schema-arbitrary.js';

/**
 * What the fuzzer needs beyond a service's spec to make its valid requests valid: the rules the spec
 * states only in prose, because the real service checks them in its handler with its own error (so
 * the spec's schema stays loose on purpose). A service without hints is still fuzzed, from the spec
 * alone. (Their place is the service's kit; they live here while the kits are owned elsewhere.)
 */
export interface FuzzHints {
  /** Narrower schemas for body properties and query parameters of that name, anywhere in the service. */
  refine?: (seeded: Record<string, string>) => Record<string, Schema>;
  /** Whole body schemas by operationId where the spec's is type-only by design. */
  bodies?: Record<string, Schema>;
  /** Per-request credentials (and body fields) for operations the kit's credentials do not fit. */
  session?: (t: TestApp, op: SpecOperation) => Promise<{ headers: Record<string, string>; body?: Record<string, unknown> } | undefined>;
  /** Path parameters the kit's seed does not give for an operation (on top of the seeded ones). */
  params?: (t: TestApp, op: SpecOperation, seeded: Record<string, string>) => Promise<Record<string, string> | undefined>;
  /** Whether each request of an operation uses up its resources (default: a DELETE), so needs fresh ones. */
  consumes?: (op: SpecOperation) => boolean;
  /** A documented 4xx other than 404/409 that answers a valid request as a business outcome (a duplicate). */
  business?: (op: SpecOperation, status: number, text: string) => boolean;
}

const basic = 'Basic ' + Buffer.from('admin:P@ssw0rd!').toString('base64');

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
// Sensu 5.11's (*Asset).Validate (spec: AssetInput's description): name pattern, namespace = URL's,
// a 128-character sha512, an http(s) URL, filters that parse as ES5.
const sensuAsset: Schema = {
  type: 'object',
  required: ['url', 'sha512', 'metadata'],
  properties: {
    url: { type: 'string', format: 'uri' },
    sha512: { type: 'string', pattern: '^[0-9a-f]{128}$' },
    filters: { type: ['array', 'null'], items: { enum: ["entity.system.os == 'linux'", "entity.system.arch == 'amd64'", 'true'] } },
    metadata: { type: 'object', required: ['name', 'namespace'], properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap } },
    headers: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
  },
};

export const hints: Record<string, FuzzHints> = {
  mediapocket: {
    refine: (seeded) => ({
      // add_collection_asset names an asset of the account; media come from an http(s) URL with a file name.
      asset_id: { const: seeded['asset_id'] },
      file_url: { type: 'string', format: 'uri' },
      filename: { type: 'string', pattern: '^[a-z0-9_-]{1,16}\\.(jpg|png|pdf|mp4)$' },
      // external_id is unique per account: long enough never to repeat by chance.
      external_id: { type: 'string', pattern: '^[a-z0-9]{24}$' },
    }),
    // The kit's comment is on an asset; a project's comment route needs one of the project's.
    params: async (t, op, seeded) => {
      if (!op.path.startsWith('/api/v2/projects/{project_id}/comments/')) return undefined;
      const r = await t.http.post(`/mediapocket/api/v2/projects/${seeded['project_id']}/comments`).set('X-API-KEY', 'demo-mediapocket-key').send({ comment: 'fuzz' });
      return { comment_id: String((r.body as { comment: { id: number } }).comment.id) };
    },
    // Removing media leaves the asset (and answers 200 when there is none): only comment deletes use theirs up.
    consumes: (op) => op.operationId === 'delete_asset_comment',
    // Rails' uniqueness and lookups answer 400 (ModelError's documented `taken` and `asset-not-found`).
    business: (_op, status, text) => status === 400 && /^\{"error":"(External id has already been taken|asset not found)"\}$/.test(text),
  },
  sensu: {
    refine: () => ({ name: { type: 'string', pattern: '^[a-z0-9/_.-]{1,40}$' } }),
    bodies: { create_asset: sensuAsset, put_asset: sensuAsset },
    session: async (t, op) => {
      if (op.operationId === 'login' || op.operationId === 'test_credentials') return { headers: { authorization: basic } };
      if (op.operationId !== 'refresh_token' && op.operationId !== 'logout') return undefined;
      // Each refresh or logout revokes what it is given: a session of its own, not the kit's.
      const tokens = JSON.parse((await t.http.get('/sensu/auth').set('authorization', basic)).text) as { access_token: string; refresh_token: string };
      return { headers: { authorization: `Bearer ${tokens.access_token}` }, body: { refresh_token: tokens.refresh_token } };
    },
  },
  webflow: {
    refine: (seeded) => ({
      parentFolder: { const: seeded['asset_folder_id'] },
      folderId: { const: seeded['asset_folder_id'] },
      // Locale ids are ids (24 hex), as the SDK sends them.
      localeId: { type: 'string', pattern: '^[0-9a-f]{24}$' },
    }),
  },
};
