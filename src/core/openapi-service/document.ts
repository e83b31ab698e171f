import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { HTTP_METHODS, operationsOf, type LoadedSpec, type OpenApiDocument } from '../boot/spec.js';
import { SpecCache } from '../boot/spec-cache.js';
import { DocumentGenerator, sourcesOf } from './generate.js';
import { dropReadOnlyDefaults, resolveDynamicRefs, upgradeTo31 } from './upgrade.js';
import { inlinePathItemRefs, unicodePatterns } from './portable.js';

import { DocumentError } from './document-error.js';

export { DocumentError };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parser's message on one line, bounded (swagger-parser lists every schema error on lines of its own). */
function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** What a document says it is, before it is validated: refused unless OpenAPI 3.0 or 3.1. */
async function readHeader(file: string): Promise<{ text: string; version: '3.0' | '3.1' }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DocumentError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : oneLine((e as Error).message)}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new DocumentError(`${file}: not YAML or JSON (${oneLine((e as Error).message)})`);
  }
  if (!isObject(doc)) throw new DocumentError(`${file}: not an OpenAPI document (the file holds no YAML or JSON object)`);
  const openapi = doc['openapi'];
  if (typeof openapi === 'string' && /^3\.0\.\d+/.test(openapi)) return { text, version: '3.0' };
  if (typeof openapi === 'string' && /^3\.1\.\d+/.test(openapi)) return { text, version: '3.1' };
  if (doc['swagger'] !== undefined) throw new DocumentError(`${file}: a Swagger ${String(doc['swagger'])} document; only OpenAPI 3.0 and 3.1 can be mounted`);
  if (openapi !== undefined) throw new DocumentError(`${file}: openapi '${String(openapi)}' is not OpenAPI 3.0 or 3.1`);
  throw new DocumentError(`${file}: not an OpenAPI document (no 'openapi' field)`);
}

/** Operations without an operationId get `METHOD /path` (unique, since a path has each method once). */
function nameOperations(doc: Json): void {
  for (const [path, item] of Object.entries(isObject(doc['paths']) ? doc['paths'] : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op) && typeof op['operationId'] !== 'string') op['operationId'] = `${method.toUpperCase()} ${path}`;
    }
  }
}

/**
 * Loads a document to mount: read, checked to be OpenAPI 3.0/3.1, validated (swagger-parser, remembered
 * by the text's hash as the built-in specs are), bundled (files beside it resolved), brought to 3.1 and
 * dereferenced (the bundled form kept for the validator and the generator). Any problem is a DocumentError of one line.
 */
export interface MountedDocument {
  /** Dereferenced for core; its `validated` form is the bundled 3.1 document. */
  spec: LoadedSpec;
  generator: DocumentGenerator;
}

export async function loadDocument(given: string, cache: SpecCache): Promise<MountedDocument> {
  const file = resolve(given);
  const { text, version } = await readHeader(file);
  let served: Json;
  let bundled: Json;
  let document: OpenApiDocument;
  try {
    const hash = SpecCache.hash(`mounted document\0${text}`);
    if (!cache.isValid(hash)) {
      await SwaggerParser.validate(file);
      await cache.remember(hash);
    }
    served = (await SwaggerParser.bundle(file)) as unknown as Json;
    const working = structuredClone(served);
    inlinePathItemRefs(working, file);
    upgradeTo31(working, version);
    unicodePatterns(working, file);
    dropReadOnlyDefaults(working);
    const missing = resolveDynamicRefs(working);
    if (missing.length) throw new DocumentError(`${file}: $dynamicRef '${missing[0]}' reaches no $dynamicAnchor`);
    nameOperations(working);
    bundled = working;
    document = (await SwaggerParser.dereference(structuredClone(working) as unknown as OpenApiDocument)) as OpenApiDocument;
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError(`${file}: ${oneLine((e as Error).message)}`);
  }
  const spec: LoadedSpec = { file, document, operations: operationsOf(document, file), served, validated: bundled as unknown as OpenApiDocument };
  return { spec, generator: new DocumentGenerator(bundled, sourcesOf(document, bundled)) };
}
