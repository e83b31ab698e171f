import type { HttpMethod, SpecOperation } from '../boot/spec.js';

export type RouteMatch =
  | { kind: 'operation'; operation: SpecOperation; params: Record<string, string> }
  | { kind: 'method_not_allowed'; operations: SpecOperation[]; allow: string[] }
  | { kind: 'not_found' };

interface CompiledRoute {
  operation: SpecOperation;
  regex: RegExp;
  names: string[];
  templated: number;
}

function compile(operation: SpecOperation): CompiledRoute {
  const names: string[] = [];
  const source = operation.path
    .split('/')
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|([^{]+)/g, (_m, name: string | undefined, literal: string | undefined) => {
        if (name !== undefined) {
          names.push(name);
          return '([^/]+)';
        }
        return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }),
    )
    .join('/');
  return { operation, regex: new RegExp(`^${source}$`), names, templated: names.length };
}

/**
 * Matches a request against a spec's operations before anything else runs, so an unknown path or a
 * wrong method gets the service's answer without auth or body parsing (as every real service routes first).
 * Paths are matched still percent-encoded, so `%2F` stays inside one segment.
 */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(
    operations: SpecOperation[],
    private readonly headAsGet = true,
  ) {
    // Concrete paths win over templated ones (OpenAPI path matching); otherwise declaration order.
    this.routes = operations.map(compile).map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.templated - b.r.templated || a.i - b.i)
      .map(({ r }) => r);
  }

  match(method: string, rawPath: string): RouteMatch {
    const m = method.toLowerCase() as HttpMethod;
    const onPath: SpecOperation[] = [];
    for (const route of this.routes) {
      const found = route.regex.exec(rawPath);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = found[i + 1] ?? ''));
      if (route.operation.method === m || (this.headAsGet && m === 'head' && route.operation.method === 'get')) {
        return { kind: 'operation', operation: route.operation, params };
      }
      onPath.push(route.operation);
    }
    if (!onPath.length) return { kind: 'not_found' };
    const allow = [...new Set(onPath.map((o) => o.method.toUpperCase()))];
    return { kind: 'method_not_allowed', operations: onPath, allow };
  }

  get operations(): SpecOperation[] {
    return this.routes.map((r) => r.operation);
  }
}
