import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/** Documents this project did not write, from npm devDependencies. */
export const DOCS = {
  /** The classic Petstore, OpenAPI 3.0.0 (@readme/oas-examples). */
  petstore: require.resolve('@readme/oas-examples/3.0/json/petstore.json'),
  /** Scalar's Galaxy, OpenAPI 3.1.1, YAML (@scalar/galaxy). */
  galaxy: require.resolve('@scalar/galaxy/3.1.yaml'),
  /** Named response examples, OpenAPI 3.0.3 (@readme/oas-examples). */
  examples: require.resolve('@readme/oas-examples/3.0/json/response-examples.json'),
  /** A Swagger 2.0 document, which cannot be mounted. */
  swagger2: require.resolve('@readme/oas-examples/2.0/json/petstore.json'),
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenAPI's rule for answers: a writeOnly property is not required in a response (a copy; cycles kept). */
function forResponses(schema: unknown, copies = new Map<object, unknown>()): unknown {
  if (Array.isArray(schema)) return schema.map((s) => forResponses(s, copies));
  if (!isObject(schema)) return schema;
  if (copies.has(schema)) return copies.get(schema);
  const copy: Json = {};
  copies.set(schema, copy);
  for (const [k, v] of Object.entries(schema)) copy[k] = k === 'enum' || k === 'const' || k === 'examples' || k === 'example' ? v : forResponses(v, copies);
  const props = isObject(schema['properties']) ? schema['properties'] : {};
  if (Array.isArray(schema['required'])) copy['required'] = schema['required'].filter((n) => !(isObject(props[String(n)]) && (props[String(n)] as Json)['writeOnly'] === true));
  return copy;
}

/**
 * Checks answers against the document as its author wrote it: dereferenced afresh by swagger-parser (not
 * Standin's converted copy) and compiled by Ajv (2020-12; a 3.0 document's schemas here use no keyword that
 * differs between the dialects), with OpenAPI's one rule for answers: writeOnly properties are not required.
 */
export class DocumentChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });

  private constructor(private readonly doc: Json) {
    addFormats.default(this.ajv);
  }

  static async of(file: string): Promise<DocumentChecker> {
    return new DocumentChecker((await SwaggerParser.dereference(file)) as unknown as Json);
  }

  /** What is wrong with `body` as the answer `status` of `method path` (undefined when it fits). */
  problem(method: string, path: string, status: string, body: unknown, media = 'application/json'): string | undefined {
    const op = ((this.doc['paths'] as Json)[path] as Json)[method] as Json;
    const response = (op['responses'] as Json)[status] as Json | undefined;
    if (!response) return `${method} ${path} documents no ${status}`;
    const schema = ((response['content'] as Json)[media] as Json)['schema'] as object;
    const validate = this.ajv.compile(forResponses(schema) as object);
    return validate(body) ? undefined : this.ajv.errorsText(validate.errors);
  }
}

/** Every kind of parameter, cookies among them, OpenAPI 3.0.3 (@readme/oas-examples). */
export const PARAMETERS_DOC = require.resolve('@readme/oas-examples/3.0/json/parameters-extreme.json');

/** Patterns valid only without the `u` flag, and formats Ajv does not know, OpenAPI 3.0.3 (@readme/oas-examples). */
export const SCHEMA_VALIDATION_DOC = require.resolve('@readme/oas-examples/3.0/json/schema-validation.json');
/** Servers at path and operation level, and a path item that `$ref`s another, OpenAPI 3.0.3 (@readme/oas-examples). */
export const SERVER_PATH_LEVEL_DOC = require.resolve('@readme/oas-examples/3.0/json/server-path-level.json');
