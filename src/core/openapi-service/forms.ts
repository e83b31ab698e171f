import type { Exchange, FormParts } from '../service/module.js';
import { childSchema, requestBodySchema } from '../pipeline/issues.js';
import { ServiceError } from '../pipeline/problems.js';

type Json = Record<string, unknown>;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

const mediaType = (contentType: unknown) => (typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : undefined);

function typesOf(schema: Json | undefined): string[] {
  const t = schema?.['type'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

/** A form value as the property's schema types it (a form carries only text). */
function coerce(value: string, schema: Json | undefined): unknown {
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if ((types.includes('object') || types.includes('array')) && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * A form body (urlencoded or multipart, parsed by the platform's own `Response.formData()`) as the object
 * the document's schema describes: repeated fields of an array property as a list, text coerced to the
 * property's type, a file as its bytes in a string (as a `format: binary` property is validated). Any
 * other body stays as the pipeline read it.
 */
export async function bindFormBody(ex: Exchange): Promise<unknown> {
  const type = mediaType(ex.headers['content-type']);
  if (!type || !FORM_TYPES.includes(type) || !ex.rawBody || !ex.operation) return ex.body;
  let form: FormData;
  try {
    form = await new Response(ex.rawBody, { headers: { 'content-type': String(ex.headers['content-type']) } }).formData();
  } catch (error) {
    throw new ServiceError({ kind: 'malformed_body', reason: 'syntax', text: ex.rawBody.toString('latin1'), error });
  }
  const schema = requestBodySchema(ex.operation, type);
  const body: Json = {};
  const parts: FormParts = { fields: {}, files: [] };
  for (const name of new Set(form.keys())) {
    const property = childSchema(schema, name);
    const isList = typesOf(property).includes('array');
    const each = isList ? childSchema(property, 0) : property;
    const values = await Promise.all(
      form.getAll(name).map(async (v) => {
        if (typeof v === 'string') {
          parts.fields[name] = v;
          return coerce(v, each);
        }
        parts.files.push({ field: name, filename: v.name, contentType: v.type, size: v.size });
        return Buffer.from(await v.arrayBuffer()).toString('latin1');
      }),
    );
    body[name] = isList || values.length > 1 ? values : values[0];
  }
  if (type === 'multipart/form-data') ex.form = parts;
  return body;
}
