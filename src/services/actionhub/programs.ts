import type { operations } from './openapi.generated.js';
import { notFound, refusal } from './errors.js';
import { keyOf } from './auth.js';
import { programId } from './page.js';
import { PyFloat } from './python-print.js';
import { wasNonFinite, type ActionhubExchange, type ActionhubHandler } from './request.js';
import { PROGRAM_RECORD, type StoredProgram } from './store.js';

type NewProgram = operations['create_program']['requestBody']['content']['application/json'];
type ProgramIn = operations['put_program']['requestBody']['content']['application/json'];

/** A program as answered: every field, null where not set; the floor a Python float. */
function render(p: StoredProgram) {
  return { ...p, action_weight_floor: p.action_weight_floor === null ? null : new PyFloat(p.action_weight_floor) };
}

/** The configuration a body sets (a NaN or infinite floor, which pydantic takes, is kept as null). */
function configFrom(ex: ActionhubExchange, programIdValue: string, body: NewProgram | ProgramIn): StoredProgram {
  return {
    program_id: programIdValue,
    program_name: body.program_name,
    high_engagement_threshold: body.high_engagement_threshold ?? null,
    event_relevance_decay: body.event_relevance_decay ?? null,
    action_weight_floor: body.action_weight_floor === undefined || wasNonFinite(ex, '/action_weight_floor') ? null : body.action_weight_floor,
    description: body.description ?? null,
  };
}

/** A program id from its name: a lower-case slug and six random hex digits (ASSUMED). */
function newProgramId(ex: ActionhubExchange, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `${slug || 'program'}-${ex.random.hex(3)}`;
}

/** A random UUID4 from Standin's random source (reproducible with --seed). */
function uuid4(ex: ActionhubExchange): string {
  const b = ex.random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const createProgram: ActionhubHandler = async (_req, ex) => {
  const body = ex.body as NewProgram;
  const id = body.program_id || newProgramId(ex, body.program_name);
  ex.tenant = id;
  if (ex.store.tenant(id).has('program', PROGRAM_RECORD)) {
    throw refusal(401, 'Program already exists');
  }
  const apiKey = uuid4(ex);
  await ex.store.write((tx) => {
    tx.tenant(id).put('program', PROGRAM_RECORD, configFrom(ex, id, body));
    tx.shared.put('keys', apiKey, { description: `key of program ${id}`, program_id: id });
  });
  return { status: 200, json: { api_key: apiKey, program_id: id } };
};

export const getAllPrograms: ActionhubHandler = (_req, ex) => {
  const own = keyOf(ex)?.program_id;
  const ids = own === undefined ? ex.store.tenantKeys() : [own];
  const programs = ids.flatMap((id) => {
    const p = ex.store.tenant(id).get('program', PROGRAM_RECORD);
    return p ? [render(p)] : [];
  });
  return { status: 200, json: { programs } };
};

export const getProgram: ActionhubHandler = (_req, ex) => {
  const p = ex.store.tenant(programId(ex)).get('program', PROGRAM_RECORD);
  if (!p) throw notFound('Program not found');
  return { status: 200, json: render(p) };
};

export const putProgram: ActionhubHandler = async (_req, ex) => {
  const program = programId(ex);
  const config = configFrom(ex, program, ex.body as ProgramIn);
  await ex.store.write((tx) => tx.tenant(program).put('program', PROGRAM_RECORD, config));
  return { status: 200, json: { result: 'program updated' } };
};
