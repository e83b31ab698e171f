import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { SpecCache } from './spec-cache.js';
import type { OpenAPIV3_1 } from 'openapi-types';

export type OpenApiDocument = OpenAPIV3_1.Document;
export type OperationObject = OpenAPIV3_1.OperationObject;
export type SchemaObject = OpenAPIV3_1.SchemaObject;

export class SpecError extends Error {}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  /** The spec's path template, e.g. `/assets/{asset_id}`. */
  path: string;
  operation: OperationObject;
  /** Path-item and operation parameters together (the operation's win). */
  parameters: OpenAPIV3_1.ParameterObject[];
}

export interface LoadedSpec {
  file: string;
  /** Dereferenced, validated document (shared; never mutate). */
  document: OpenApiDocument;
  operations: SpecOperation[];
  /** The document `/__admin/specs/<name>` serves (a mounted document, bundled); default: the file as written. */
  served?: Record<string, unknown>;
  /** The document the request validator compiles, `$ref`s kept (a mounted document may be circular); default: `document`. */
  validated?: OpenApiDocument;
}

/** Validates and dereferences a spec; any problem is a SpecError naming the file. */
export async function loadSpec(file: string, cache?: SpecCache): Promise<LoadedSpec> {
  let document: OpenApiDocument;
  try {
    const hash = SpecCache.hash(await readFile(file, 'utf8'));
    if (cache?.isValid(hash)) {
      document = (await SwaggerParser.dereference(file)) as OpenApiDocument;
    } else {
      document = (await SwaggerParser.validate(file)) as OpenApiDocument;
      await cache?.remember(hash);
    }
  } catch (e) {
    throw new SpecError(`${file}: ${(e as Error).message}`);
  }
  return { file, document, operations: operationsOf(document, file) };
}

/** The document's operations, path-item parameters merged in; one without an operationId is a SpecError. */
export function operationsOf(document: OpenApiDocument, file: string): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      if (!operation.operationId) throw new SpecError(`${file}: ${method.toUpperCase()} ${path} has no operationId`);
      const byKey = new Map<string, OpenAPIV3_1.ParameterObject>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])] as OpenAPIV3_1.ParameterObject[]) {
        byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
      }
      operations.push({ operationId: operation.operationId, method, path, operation, parameters: [...byKey.values()] });
    }
  }
  return operations;
}
