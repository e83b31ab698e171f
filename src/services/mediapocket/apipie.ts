import type { Issue } from '../../core/pipeline/problems.js';
import { childSchema } from '../../core/pipeline/issues.js';
import { rubyInspect } from './ruby-inspect.js';

type Schema = Record<string, unknown>;

/** apipie's validator descriptions (Apipie/apipie-rails lib/apipie/validator.rb), read off the spec's schema. */
function describe(schema: Schema | undefined): string {
  const values = schema?.['enum'];
  if (Array.isArray(values)) return `Must be one of: ${values.map((v) => `<code>${String(v)}</code>`).join(', ')}.`;
  switch (schema?.['type']) {
    case 'array':
      return `Must be an array of ${(schema['items'] as Schema | undefined)?.['type'] === 'string' ? 'String' : 'any type'}`;
    case 'object':
      return 'Must be a Hash';
    case 'boolean':
      return 'Must be one of: <code>true</code>, <code>false</code>, <code>1</code>, <code>0</code>';
    case 'integer':
    case 'number':
      return 'Must be a number.';
    default:
      return 'Must be a String';
  }
}

/** apipie's message for a refused value, with its validator's description (a Proc validator's own words too). */
export const invalidParamMessage = (name: string, value: unknown, description: string) => `Invalid parameter '${name}' value ${rubyInspect(value)}: ${description}`;

const invalid = (name: string, value: unknown, schema: Schema | undefined) => invalidParamMessage(name, value, describe(schema));

function propertyOrder(schema: Schema | undefined): string[] {
  return Object.keys((schema?.['properties'] as object | undefined) ?? {});
}

/**
 * apipie's answer to a request that fails the spec: first every missing required parameter (one line
 * each, in declaration order), else the first refused value in declaration order; a Hash parameter
 * checks its own keys one by one, presence then value (apipie's HashValidator#validate).
 */
export function apipieMessage(issues: Issue[], bodySchema: Schema | undefined, body: unknown): string {
  const order = propertyOrder(bodySchema);
  const missing = issues.filter((i) => i.keyword === 'required' && i.path.length === 1).map((i) => String(i.path[0]));
  if (missing.length) return order.filter((n) => missing.includes(n)).map((n) => `Missing parameter ${n}`).join('\n');
  const params = (body ?? {}) as Record<string, unknown>;
  for (const name of order) {
    const mine = issues.filter((i) => i.path[0] === name);
    if (!mine.length) continue;
    const schema = childSchema(bodySchema, name);
    if (schema?.['type'] === 'object' && !mine.some((i) => i.path.length === 1)) {
      const inner = (params[name] ?? {}) as Record<string, unknown>;
      // HashValidator checks each key in turn, presence then value: the first failing key wins.
      for (const child of propertyOrder(schema)) {
        if (!Object.hasOwn(inner, child)) {
          if (mine.some((i) => i.keyword === 'required' && i.path.length === 2 && i.path[1] === child)) return `Missing parameter ${child}`;
        } else if (mine.some((i) => i.path[1] === child)) return invalid(child, inner[child], childSchema(schema, child));
      }
    }
    return invalid(name, params[name], schema);
  }
  return issues[0]?.message ?? 'invalid parameters';
}
