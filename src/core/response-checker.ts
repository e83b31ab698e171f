import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { SpecOperation } from './spec.js';
import { isJsonMediaType } from './body.js';

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

/**
 * Checks a response against what the operation documents: the status must be documented and a JSON
 * body must match its schema. Used when running tests, so a handler that answers off-spec fails them.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor() {
    addFormats.default(this.ajv);
  }

  /** Returns what is wrong with the response, or undefined when it matches the spec. */
  check(op: SpecOperation, status: number, contentType: string | undefined, body: Buffer | undefined): string | undefined {
    const responses = (op.operation.responses ?? {}) as Record<string, ResponseObject>;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) return `${op.method.toUpperCase()} ${op.path} does not document status ${status}`;
    const content = responses[key]!.content;
    if (!content || !body?.length) return undefined;
    const mediaKey = Object.keys(content).find(isJsonMediaType);
    if (!mediaKey) return undefined;
    // Some services send JSON under a sniffed text/plain type (Go); the body must still match.
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return isJsonMediaType(contentType) ? `${op.operationId} ${status}: body is not JSON` : undefined;
    }
    const validate = this.validator(op, key, mediaKey, content[mediaKey]!.schema);
    if (!validate || validate(value)) return undefined;
    return `${op.operationId} ${status} body does not match the spec: ${this.ajv.errorsText(validate.errors)}`;
  }

  private validator(op: SpecOperation, status: string, media: string, schema: unknown): ValidateFunction | null {
    const id = `${op.operationId} ${status} ${media}`;
    let v = this.cache.get(id);
    if (v === undefined) {
      v = schema && typeof schema === 'object' ? this.ajv.compile(schema) : null;
      this.cache.set(id, v);
    }
    return v;
  }
}
