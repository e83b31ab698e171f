import type { Issue, IssueLocation } from '../../core/pipeline/problems.js';
import { childSchema, requestBodySchema } from '../../core/pipeline/issues.js';
import type { SpecOperation } from '../../core/boot/spec.js';

/** One item of a FastAPI/pydantic v1 422: keys in v1's order `loc, msg, type[, ctx]`. */
export interface V1Error {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

const LOCATION_ORDER: Record<IssueLocation, number> = { path: 0, query: 1, header: 2, cookie: 3, body: 4 };

function expectedType(schema: Record<string, unknown> | undefined): string | undefined {
  const t = schema?.['type'];
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null');
  return undefined;
}

const TYPE_ERRORS: Record<string, [string, string]> = {
  string: ['str type expected', 'type_error.str'],
  number: ['value is not a valid float', 'type_error.float'],
  integer: ['value is not a valid integer', 'type_error.integer'],
  boolean: ['value could not be parsed to a boolean', 'type_error.bool'],
  array: ['value is not a valid list', 'type_error.list'],
  object: ['value is not a valid dict', 'type_error.dict'],
};

/** pydantic v1's wording for one failed check (pydantic 1.10 `error_wrappers.py`, as FastAPI 0.92 returns it). */
export function toV1Error(issue: Issue): V1Error {
  const loc = [issue.in, ...issue.path];
  const limit = (key: string) => issue.schema?.[key];
  switch (issue.keyword) {
    case 'required':
      return { loc, msg: 'field required', type: 'value_error.missing' };
    // The validator checks the type of a field with a format (date-time) under its own keyword.
    case 'x-eov-type':
    case 'type': {
      if (issue.value === null && issue.in === 'body') return { loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' };
      const [msg, type] = TYPE_ERRORS[expectedType(issue.schema) ?? ''] ?? ['value is not valid', 'type_error'];
      return { loc, msg, type };
    }
    case 'maxLength':
      return { loc, msg: `ensure this value has at most ${limit('maxLength')} characters`, type: 'value_error.any_str.max_length', ctx: { limit_value: limit('maxLength') } };
    case 'minLength':
      return { loc, msg: `ensure this value has at least ${limit('minLength')} characters`, type: 'value_error.any_str.min_length', ctx: { limit_value: limit('minLength') } };
    case 'minimum':
      return { loc, msg: `ensure this value is greater than or equal to ${limit('minimum')}`, type: 'value_error.number.not_ge', ctx: { limit_value: limit('minimum') } };
    case 'maximum':
      return { loc, msg: `ensure this value is less than or equal to ${limit('maximum')}`, type: 'value_error.number.not_le', ctx: { limit_value: limit('maximum') } };
    case 'enum': {
      // pydantic v1's EnumMemberError: each permitted value as Python's repr of a str.
      const values = Array.isArray(issue.schema?.['enum']) ? (issue.schema['enum'] as unknown[]) : [];
      const permitted = values.map((v) => `'${String(v)}'`).join(', ');
      return { loc, msg: `value is not a valid enumeration member; permitted: ${permitted}`, type: 'type_error.enum', ctx: { enum_values: values } };
    }
    case 'format':
      if (issue.schema?.['format'] === 'date-time') return { loc, msg: 'invalid datetime format', type: 'value_error.datetime' };
      return { loc, msg: issue.message, type: 'value_error.format' };
    default:
      return { loc, msg: issue.message, type: `value_error.${issue.keyword}` };
  }
}

/**
 * FastAPI's order: path, query, header, cookie parameters in declaration order, then the body, where
 * pydantic reports fields in model order and list items in index order (the validator does not).
 */
export function sortIssues(issues: Issue[], operation: SpecOperation): Issue[] {
  const paramIndex = (i: Issue) => operation.parameters.findIndex((p) => p.in === i.in && p.name.toLowerCase() === String(i.path[0]).toLowerCase());
  const bodySchema = requestBodySchema(operation);
  const compareBody = (a: Issue, b: Issue): number => {
    let schema = bodySchema;
    for (let i = 0; i < Math.min(a.path.length, b.path.length); i++) {
      const x = a.path[i]!;
      const y = b.path[i]!;
      if (x !== y) {
        if (typeof x === 'number' && typeof y === 'number') return x - y;
        const order = Object.keys((schema?.['properties'] as object | undefined) ?? {});
        const rank = (k: string | number) => (order.indexOf(String(k)) + 1 || order.length + 1);
        return rank(x) - rank(y) || String(x).localeCompare(String(y));
      }
      schema = childSchema(schema, x);
    }
    return a.path.length - b.path.length;
  };
  return [...issues].sort((a, b) => {
    const byLocation = LOCATION_ORDER[a.in] - LOCATION_ORDER[b.in];
    if (byLocation) return byLocation;
    return a.in === 'body' ? compareBody(a, b) : paramIndex(a) - paramIndex(b);
  });
}
