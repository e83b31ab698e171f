import type { ServiceKit } from '../helpers/kit.js';

const KEY = { a: 'demo-notes-key', b: 'other-notes-key' };

// The fake `notes` service (test/fake/service.ts): a key names its tenant, alpha for a, beta for b.
export const kit: ServiceKit = {
  auth: async (_t, tenant) => ({ 'notes-key': KEY[tenant] }),
  unauthenticated: 401,
  tenantKeyA: 'alpha',
  seed: async (t, marker) => {
    const note = (await t.http.post('/notes/notes').set('notes-key', KEY.a).send({ title: marker, body: marker })).body as { id: string };
    return { note_id: note.id };
  },
  // Tenant b addresses tenant a's note by its id: the key, not the URL, decides whose notes it sees.
  paramsOf: (_tenant, seeded) => seeded,
  roundtrip: async (t, text) => {
    const note = (await t.http.post('/notes/notes').set('notes-key', KEY.a).send({ title: 'roundtrip', body: text })).body as { id: string };
    return (await t.http.get(`/notes/notes/${note.id}`).set('notes-key', KEY.a)).body.body as string;
  },
  forbidden: { headers: async () => ({ 'notes-key': 'readonly-notes-key' }), operations: (op) => op.method !== 'get' },
  faultAnswers: {
    404: ['application/json', '{"fault":{"status":404,"reason":"not found"}}'],
    500: ['application/json', '{"fault":{"status":500,"reason":"internal server error"}}'],
    503: ['application/json', '{"fault":{"status":503,"reason":"service unavailable"}}'],
  },
  realPath: '/notes/notes',
};
