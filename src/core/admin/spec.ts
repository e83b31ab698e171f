import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runtime } from '../boot/runtime.js';
import { REPO_ROOT } from '../boot/repo-root.js';
import { SpecError } from '../boot/spec.js';
import { SpecCache } from '../boot/spec-cache.js';
import type { AdminSpecFragment } from '../service/module.js';

/** The core admin spec: Standin's own controls, without any service's. */
export const CORE_ADMIN_SPEC = join(REPO_ROOT, 'specs', 'admin.openapi.yaml');

export type SpecDocument = Record<string, unknown>;

/** What the composition needs of a service: its name (its prefix under /__admin) and its fragment. */
export interface AdminSpecSource {
  name: string;
  adminSpec?: AdminSpecFragment;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The yaml package is loaded when a spec is first asked for, not at startup.
const yaml = () => import('yaml');
const parsed = new Map<string, Promise<SpecDocument>>();

/** A spec file parsed from YAML, once per file (shared: never mutate it). */
export function readSpecFile(file: string): Promise<SpecDocument> {
  let doc = parsed.get(file);
  if (!doc) {
    doc = (async () => (await yaml()).parse(await readFile(file, 'utf8')) as SpecDocument)();
    parsed.set(file, doc);
    doc.catch(() => parsed.delete(file));
  }
  return doc;
}

/** Every `$ref` in a JSON value. */
function refsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) k === '$ref' && typeof x === 'string' ? out.push(x) : refsIn(x, out);
  return out;
}

/**
 * The admin spec: the core document with each service's fragment added, its paths under `/<name>` and its
 * schemas merged into the core's components. A path or schema that is there already, a path of the core
 * under a service's prefix, or a `$ref` that reaches nothing is a SpecError.
 */
export function composeAdminSpec(core: SpecDocument, services: readonly AdminSpecSource[]): SpecDocument {
  const paths: Record<string, unknown> = { ...(isObject(core['paths']) ? core['paths'] : {}) };
  const components = isObject(core['components']) ? core['components'] : {};
  const schemas: Record<string, unknown> = { ...(isObject(components['schemas']) ? components['schemas'] : {}) };
  const added: unknown[] = [];
  for (const { name, adminSpec } of services) {
    if (!adminSpec) continue;
    const where = `the admin spec fragment of service '${name}'`;
    const clash = Object.keys(paths).find((p) => p === `/${name}` || p.startsWith(`/${name}/`));
    if (clash) throw new SpecError(`${where}: the admin spec has ${clash} under its prefix /${name} already`);
    // A copy, as JSON: the fragment's objects are the module's own, and shared ones would be YAML aliases.
    const fragment = JSON.parse(JSON.stringify(adminSpec)) as AdminSpecFragment;
    for (const [path, item] of Object.entries(fragment.paths)) {
      if (!path.startsWith('/')) throw new SpecError(`${where}: path '${path}' must start with '/' (it is relative to /__admin/${name})`);
      paths[`/${name}${path}`] = item;
    }
    for (const [schema, body] of Object.entries(fragment.components?.schemas ?? {})) {
      if (Object.hasOwn(schemas, schema)) throw new SpecError(`${where}: schema '${schema}' is in the admin spec already`);
      schemas[schema] = body;
    }
    added.push(fragment);
  }
  const doc: SpecDocument = { ...core, paths, components: { ...components, schemas } };
  for (const ref of refsIn(added)) {
    const target = ref.startsWith('#/') ? ref.slice(2).split('/').reduce<unknown>((at, key) => (isObject(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc) : undefined;
    if (target === undefined) throw new SpecError(`an admin spec fragment refers to '${ref}', which is not in the admin spec`);
  }
  return doc;
}

/**
 * At startup: refuses services whose admin spec fragments clash (composeAdminSpec). Remembered by a hash
 * of the core spec and the fragments, so a start with the same ones reads the core spec but parses nothing.
 */
export async function checkAdminSpec(services: readonly AdminSpecSource[], cache: SpecCache): Promise<void> {
  if (!services.some((s) => s.adminSpec)) return;
  const text = await readFile(CORE_ADMIN_SPEC, 'utf8');
  const hash = SpecCache.hash(`admin spec\0${text}\0${JSON.stringify(services.map((s) => [s.name, s.adminSpec]))}`);
  if (cache.isValid(hash)) return;
  composeAdminSpec((await yaml()).parse(text) as SpecDocument, services);
  await cache.remember(hash);
}

const composed = new WeakMap<Runtime, Promise<SpecDocument>>();

/** The admin spec of a running Standin (core + its services' fragments), composed on first use. */
export function adminSpecOf(rt: Runtime): Promise<SpecDocument> {
  let doc = composed.get(rt);
  if (!doc) {
    const services = rt.services.map((s) => ({ name: s.module.name, adminSpec: s.module.adminSpec }));
    doc = readSpecFile(CORE_ADMIN_SPEC).then((core) => composeAdminSpec(core, services));
    composed.set(rt, doc);
  }
  return doc;
}
