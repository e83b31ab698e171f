import type { Issue, IssueLocation } from './problems.js';
import type { SpecOperation } from '../boot/spec.js';

/** An error item of express-openapi-validator's BadRequest. */
export interface ValidatorErrorItem {
  path: string;
  message: string;
  errorCode?: string;
}

type Json = Record<string, unknown>;

const LOCATIONS: Record<string, IssueLocation> = {
  body: 'body', headers: 'header', query: 'query', params: 'path', path: 'path', cookies: 'cookie',
};

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null;
}

/** The schema node that describes `key` inside `schema` (properties, items, or a combinator's branch). */
export function childSchema(schema: Json | undefined, key: string | number): Json | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') {
    const prefix = schema['prefixItems'];
    if (Array.isArray(prefix) && isRecord(prefix[key])) return prefix[key] as Json;
    if (isRecord(schema['items'])) return schema['items'] as Json;
  } else {
    const props = schema['properties'];
    if (isRecord(props) && Object.hasOwn(props, key) && isRecord(props[key])) return props[key] as Json;
    if (isRecord(schema['additionalProperties'])) return schema['additionalProperties'] as Json;
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[combinator];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const found = childSchema(isRecord(branch) ? (branch as Json) : undefined, key);
      if (found) return found;
    }
  }
  return undefined;
}

export function requestBodySchema(operation: SpecOperation, contentType = 'application/json'): Json | undefined {
  const body = operation.operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
  const content = body?.content;
  if (!content) return undefined;
  const media = content[contentType] ?? Object.values(content)[0];
  return isRecord(media?.schema) ? (media.schema as Json) : undefined;
}

function parameterSchema(operation: SpecOperation, location: IssueLocation, name: string): Json | undefined {
  const p = operation.parameters.find((x) => x.in === location && (location === 'header' ? x.name.toLowerCase() === name.toLowerCase() : x.name === name));
  return isRecord(p?.schema) ? (p.schema as Json) : undefined;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Turns the validator's errors into Issues: the location, the path as keys and indexes, the failing
 * keyword, the value and its parent read back from the request, and the schema node at that path (the
 * validator passes no limits, so a service reads e.g. `maxLength` from here).
 */
/** The request as it was validated (the framework's reading). */
export interface ValidatedRequest {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
}

export function toIssues(items: ValidatorErrorItem[], req: ValidatedRequest, operation: SpecOperation, pathParams: Readonly<Record<string, string>>): Issue[] {
  return items.map((item) => {
    const [, where = '', ...rest] = item.path.split('/');
    const location = LOCATIONS[where] ?? 'body';
    const keyword = item.errorCode?.split('.')[0] ?? 'unknown';
    let container: unknown;
    let schema: Json | undefined;
    switch (location) {
      case 'body':
        container = req.body;
        schema = requestBodySchema(operation);
        break;
      case 'header':
        container = req.headers;
        break;
      case 'query':
        container = req.query;
        break;
      case 'path':
        container = pathParams;
        break;
      case 'cookie':
        container = {};
        break;
    }
    const path: (string | number)[] = [];
    let parent: unknown = undefined;
    let value: unknown = container;
    let present = location === 'body' ? req.body !== undefined : true;
    rest.map(decodePointer).forEach((raw, i) => {
      const key: string | number = Array.isArray(value) && /^\d+$/.test(raw) ? Number(raw) : raw;
      path.push(key);
      if (location !== 'body' && i === 0) schema = parameterSchema(operation, location, String(key));
      else schema = childSchema(schema, key);
      parent = value;
      if (isRecord(value) && Object.hasOwn(value, key)) value = (value as Json)[key];
      else {
        present = false;
        value = undefined;
      }
    });
    return { in: location, path, keyword, message: item.message, present, value, parent, schema };
  });
}
