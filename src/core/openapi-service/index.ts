import type { LoadedSpec } from '../boot/spec.js';
import type { SpecCache } from '../boot/spec-cache.js';
import { defineService, type AnyService, type DemoCredential, type Handler, type JsonSchema, type Stage } from '../service/module.js';
import { ServiceError } from '../pipeline/problems.js';
import { loadDocument, DocumentError, type MountedDocument } from './document.js';
import { SecurityCheck } from './security.js';
import { mapDocumentProblem, type DocumentProblem } from './problem.js';
import { answerSeed } from './generate.js';
import { answerWith, preferenceOf, responseFor, successResponse } from './answer.js';
import { inferCollections } from './collections.js';
import { answerFromState, type DocumentData } from './stateful.js';
import { bindFormBody } from './forms.js';

export { DocumentError };

/** Names a mounted document may not take: Standin's own path segments and the admin spec's name. */
const RESERVED = ['__admin', '__sandbox', 'admin'];

export interface MountOptions {
  /** `--seed`: generated answers depend only on it and the request. */
  seed?: number;
  /** `--spec-stateless`: every answer from the document alone, nothing stored. */
  stateless?: boolean;
}

/** Why a name cannot be a mounted document's prefix, or undefined when it can. */
export function nameProblem(name: string, taken: readonly string[]): string | undefined {
  if (RESERVED.includes(name)) return `'${name}' is reserved for Standin's own controls`;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return `'${name}' must be lower-case letters, digits and '-', starting with a letter`;
  if (taken.includes(name)) return `'${name}' is already a service (${taken.join(', ')})`;
  return undefined;
}

/** Where the credentials of each declared security scheme go (any value is accepted), for /__admin/services. */
function credentialsOf(spec: LoadedSpec): DemoCredential[] {
  const schemes = (spec.document.components?.securitySchemes ?? {}) as Record<string, { type?: string; in?: string; name?: string; scheme?: string }>;
  return Object.entries(schemes).map(([name, s]) => ({
    kind: s.type === 'apiKey' ? (s.in === 'header' ? (s.name ?? name) : `${s.in ?? 'header'} ${s.name ?? name}`) : s.type === 'http' ? (s.scheme ?? 'bearer').toLowerCase() : 'bearer',
    value: 'any value',
    description: `${name} (${s.type ?? 'unknown'}): any value is accepted`,
  }));
}

/** An OpenAPI document as a service: the pipeline, validator, error edge, journal and controls of any other. */
export function documentService(name: string, { spec, generator }: MountedDocument, o: MountOptions = {}): AnyService {
  const security = new SecurityCheck(spec.document, spec.operations);
  const { collections, roles } = o.stateless ? { collections: [], roles: new Map() } : inferCollections(spec.operations);

  const secured: Stage<DocumentData> = (_req, ex) => {
    const failure = security.check(ex.operation, ex.headers, ex.query);
    if (failure) throw new ServiceError<DocumentProblem>(failure);
  };

  const handler: Handler<DocumentData> = (_req, ex) => {
    const prefer = preferenceOf(ex.headers['prefer']);
    const seed = answerSeed(o.seed, ex);
    if (prefer?.code) {
      const chosen = responseFor(ex, Number(prefer.code));
      if (!chosen) throw new ServiceError<DocumentProblem>({ kind: 'prefer_unknown', detail: `${ex.operation.method.toUpperCase()} ${ex.operation.path} documents no ${prefer.code} response.` });
      return answerWith(ex, chosen, { generator, seed, prefer });
    }
    const chosen = successResponse(ex);
    // A 3.1 operation may document no response at all: an empty answer, which nothing describes.
    if (!chosen) return { status: 204, offSpec: true };
    const role = prefer ? undefined : roles.get(ex.operation.operationId);
    return role ? answerFromState(role, ex, chosen, { generator, seed, prefer: undefined }) : answerWith(ex, chosen, { generator, seed, prefer });
  };

  const acyclic = (s: object): JsonSchema => {
    try {
      JSON.stringify(s);
      return s as JsonSchema;
    } catch {
      return { type: 'object' };
    }
  };

  return defineService<DocumentData, DocumentProblem>({
    name,
    title: spec.document.info?.title ?? name,
    specFile: spec.file,
    spec,
    ownPrefer: true,
    framework: {
      name: 'an OpenAPI document, answered as Prism answers it',
      repeatedQuery: 'all',
      beforeBody: [secured],
      bindBody: bindFormBody,
    },
    operations: Object.fromEntries(spec.operations.map((op) => [op.operationId, handler])),
    mapProblem: mapDocumentProblem,
    stateSchemas: { shared: Object.fromEntries(collections.map((c) => [c.path, acyclic(c.schema)])), tenant: {} },
    demoCredentials: credentialsOf(spec),
  });
}

/**
 * `--spec NAME=FILE`, each: the name checked against the built-in services (and Standin's reserved
 * segments), the document loaded. Any problem is a DocumentError of one line.
 */
export async function mountDocuments(specs: Readonly<Record<string, string>>, builtIn: readonly string[], cache: SpecCache, o: MountOptions = {}): Promise<AnyService[]> {
  for (const name of Object.keys(specs)) {
    const wrong = nameProblem(name, builtIn);
    if (wrong) throw new DocumentError(`--spec ${name}=${specs[name]}: ${wrong}`);
  }
  const loaded = await Promise.all(Object.entries(specs).map(async ([name, file]) => documentService(name, await loadDocument(file, cache), o)));
  return loaded;
}
