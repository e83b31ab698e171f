import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { SpecOperation } from '../boot/spec.js';
import { isJsonMediaType } from './body.js';
import { answerView } from './schema-view.js';

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

/** Whether a schema admits a plain string (so a non-JSON text body can match it). */
function allowsString(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as { type?: unknown; oneOf?: unknown; anyOf?: unknown };
  if (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'))) return true;
  return [s.oneOf, s.anyOf].some((branches) => Array.isArray(branches) && branches.some(allowsString));
}

/**
 * Checks a response against what the operation documents: the status must be documented and a JSON
 * body must match its schema (less its writeOnly properties, which a response never carries). Used when running tests, so a handler that answers off-spec fails them.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  // By schema object, not operationId: services share operationIds (get_asset), one runtime checks them all.
  private readonly cache = new WeakMap<object, ValidateFunction | undefined>();

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
    // The media type documented for what was sent, else the JSON one (some services send JSON as text/plain).
    const sent = contentType?.split(';')[0]!.trim().toLowerCase();
    const mediaKey = Object.keys(content).find((k) => k.split(';')[0]!.trim().toLowerCase() === sent) ?? Object.keys(content).find(isJsonMediaType);
    if (!mediaKey) return undefined;
    const schema = content[mediaKey]!.schema as { type?: unknown } | undefined;
    if (!schema) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return allowsString(schema) ? undefined : `${op.operationId} ${status}: body is not JSON`;
    }
    if (typeof schema !== 'object') return undefined;
    const validate = this.validator(schema);
    if (!validate || validate(value)) return undefined;
    // Text that happens to parse as JSON ("123" as text/plain) is still text where the schema takes a string.
    if (!isJsonMediaType(mediaKey) && allowsString(schema) && validate(body.toString('utf8'))) return undefined;
    return `${op.operationId} ${status} body does not match the spec: ${this.ajv.errorsText(validate.errors)}`;
  }

  /** Undefined for a cyclic schema object, which Ajv cannot compile (a mounted document's circular schema): not checked. */
  private validator(schema: object): ValidateFunction | undefined {
    if (this.cache.has(schema)) return this.cache.get(schema);
    let v: ValidateFunction | undefined;
    try {
      v = this.ajv.compile(answerView.of(schema) as object);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      v = undefined;
    }
    this.cache.set(schema, v);
    return v;
  }
}
