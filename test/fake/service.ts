/**
 * `notes`: a tiny fake service that exists only in the tests. It is a folder (this one), a spec, its
 * fixtures and a kit, registered beside the real four by one line (test/helpers/registry.ts) and by
 * nothing in src/: the proof that core and the generic suites need no edit for a new service.
 */
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import { defineService, type Handler, type Stage, type StateSchemas, type WireResponse } from '../../src/core/service/module.js';
import { ServiceError, type CoreProblem } from '../../src/core/pipeline/problems.js';
import { loadJsonFixtures, mergeStates } from '../../src/core/state/fixtures.js';

export interface Note {
  id: string;
  title: string;
  body: string;
  tags: string[];
  createdAt: string;
}
export interface NoteInput {
  title: string;
  body?: string;
  tags?: string[];
}
export interface ApiKey {
  tenant: string;
  readOnly?: boolean;
}

/** Notes are kept per tenant; the keys, which name their tenant, are shared. */
export interface NotesData {
  tenant: { notes: Note };
  shared: { keys: ApiKey };
}

/** What the key check learned, for the handlers (the service's typed slot in the exchange). */
export interface NotesScratch {
  readOnly: boolean;
}

type NotesProblem = CoreProblem | { kind: 'unauthorized' } | { kind: 'read_only' } | { kind: 'no_such_note' };
type NotesHandler = Handler<NotesData, NotesScratch>;

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The service's one error shape: `{"fault":{"status","reason","issues"?}}`. */
function fault(status: number, reason: string, extra: Partial<WireResponse> = {}): WireResponse {
  return { status, json: { fault: { status, reason } }, ...extra };
}

export function mapProblem(problem: NotesProblem): WireResponse {
  switch (problem.kind) {
    case 'route_not_found':
      return fault(404, 'no such route');
    case 'method_not_allowed':
      return fault(405, 'method not allowed', { headers: { allow: problem.allow.join(', ') } });
    case 'unauthorized':
      return fault(401, 'missing or unknown notes-key');
    case 'read_only':
      return fault(403, 'this notes-key may only read');
    case 'no_such_note':
      return fault(404, 'no such note');
    case 'malformed_body':
      return fault(400, 'body is not JSON');
    case 'unsupported_media_type':
      return fault(415, 'body is not JSON');
    case 'payload_too_large':
      return fault(413, 'body too large');
    case 'validation':
      return {
        status: 422,
        json: { fault: { status: 422, reason: 'invalid request', issues: problem.issues.map((i) => ({ in: i.in, at: i.path.join('.'), rule: i.keyword })) } },
      };
    case 'rate_limited':
      return fault(429, 'too many requests', { headers: { 'retry-after': String(problem.retryAfterSeconds) } });
    case 'status':
      return fault(problem.status, (STATUS_CODES[problem.status] ?? 'error').toLowerCase());
    case 'internal':
      return fault(500, 'internal server error');
  }
}

/** The key names the tenant; it is checked before the body is read, so a bad key beats a bad body. */
const checkKey: Stage<NotesData, NotesScratch> = (_req, ex) => {
  const given = ex.headers['notes-key'];
  const key = typeof given === 'string' ? ex.store.shared.get('keys', given) : undefined;
  if (!key) throw new ServiceError<NotesProblem>({ kind: 'unauthorized' });
  ex.tenant = key.tenant;
  ex.scratch.readOnly = key.readOnly === true;
};

const tenantOf = (ex: { tenant: string | undefined }) => ex.tenant!;
const mayWrite = (ex: { scratch: Partial<NotesScratch> }) => {
  if (ex.scratch.readOnly) throw new ServiceError<NotesProblem>({ kind: 'read_only' });
};

const listNotes: NotesHandler = (_req, ex) => {
  const tag = ex.query['tag'] as string | undefined;
  const all = ex.store.tenant(tenantOf(ex)).values('notes').filter((n) => tag === undefined || n.tags.includes(tag));
  return { status: 200, json: { notes: all.slice(0, Number(ex.query['limit'] ?? 20)), total: all.length } };
};

const createNote: NotesHandler = async (_req, ex) => {
  mayWrite(ex);
  const input = ex.body as NoteInput;
  const note: Note = { id: `n${ex.random.hex(6)}`, title: input.title, body: input.body ?? '', tags: input.tags ?? [], createdAt: ex.clock.iso() };
  await ex.store.write((tx) => tx.tenant(tenantOf(ex)).put('notes', note.id, note));
  return { status: 201, json: note };
};

const getNote: NotesHandler = (_req, ex) => {
  const note = ex.store.tenant(tenantOf(ex)).get('notes', ex.params['note_id']!);
  if (!note) throw new ServiceError<NotesProblem>({ kind: 'no_such_note' });
  return { status: 200, json: note };
};

const deleteNote: NotesHandler = async (_req, ex) => {
  mayWrite(ex);
  const id = ex.params['note_id']!;
  if (!ex.store.tenant(tenantOf(ex)).has('notes', id)) throw new ServiceError<NotesProblem>({ kind: 'no_such_note' });
  await ex.store.write((tx) => tx.tenant(tenantOf(ex)).delete('notes', id));
  return { status: 204 };
};

const stateSchemas: StateSchemas<NotesData> = {
  tenant: { notes: { $ref: '#/components/schemas/Note' } },
  shared: { keys: { $ref: '#/components/schemas/ApiKey' } },
};

export const notes = defineService<NotesData, NotesProblem, NotesScratch>({
  name: 'notes',
  title: 'Notes (test only)',
  specFile: `${HERE}notes.openapi.yaml`,
  jsonContentType: 'application/json',
  framework: {
    name: 'a made-up framework (test only)',
    repeatedQuery: 'first',
    beforeBody: [checkKey],
  },
  operations: { list_notes: listNotes, create_note: createNote, get_note: getNote, delete_note: deleteNote },
  mapProblem,
  // Its fixtures live beside it, not in the repository's fixtures/ (which ships): whatever fixtures
  // folder the runtime is given, its `notes/` (usually absent) is merged over these.
  loadFixtures: async (dir) => mergeStates([await loadJsonFixtures(`${HERE}fixtures/notes`), await loadJsonFixtures(dir)]),
  stateSchemas,
  demoCredentials: [
    { kind: 'header notes-key', value: 'demo-notes-key', description: 'tenant alpha' },
    { kind: 'header notes-key', value: 'readonly-notes-key', description: 'tenant alpha, read only' },
  ],
});
