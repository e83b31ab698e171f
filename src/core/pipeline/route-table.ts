import type { HttpMethod, SpecOperation } from '../boot/spec.js';
import type { OwnRoute } from '../service/module.js';

export type RouteMatch =
  | { kind: 'operation'; operation: SpecOperation; params: Record<string, string> }
  | { kind: 'own'; route: OwnRoute; params: Record<string, string> }
  | { kind: 'method_not_allowed'; operations: SpecOperation[]; allow: string[] }
  | { kind: 'not_found' };

interface Compiled<T> {
  target: T;
  regex: RegExp;
  names: string[];
}

/** `{name}` is one segment, `{name+}` (own routes only) one or more; the rest is literal. */
function compile<T>(target: T, path: string): Compiled<T> {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) =>
      segment.replace(/\{([^}]+?)(\+?)\}|([^{]+)/g, (_m, name: string | undefined, rest: string | undefined, literal: string | undefined) => {
        if (name !== undefined) {
          names.push(name);
          return rest ? '(.+)' : '([^/]+)';
        }
        return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }),
    )
    .join('/');
  return { target, regex: new RegExp(`^${source}$`), names };
}

function paramsOf(found: RegExpExecArray, names: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  names.forEach((name, i) => (params[name] = found[i + 1] ?? ''));
  return params;
}

/**
 * Matches a request once, at the edge, against a service's own routes and then its spec's operations,
 * so an unknown path or a wrong method gets the service's answer without auth or body parsing (as every
 * real service routes first). Paths are matched still percent-encoded, so `%2F` stays inside one segment.
 */
export class RouteTable {
  private readonly routes: Compiled<SpecOperation>[];
  private readonly own: Compiled<OwnRoute>[];

  constructor(
    operations: SpecOperation[],
    private readonly headAsGet = true,
    own: OwnRoute[] = [],
  ) {
    // Concrete paths win over templated ones (OpenAPI path matching); otherwise declaration order.
    this.routes = operations.map((o, i) => ({ r: compile(o, o.path), i }))
      .sort((a, b) => a.r.names.length - b.r.names.length || a.i - b.i)
      .map(({ r }) => r);
    this.own = own.map((r) => compile(r, r.path));
  }

  match(method: string, rawPath: string): RouteMatch {
    for (const route of this.own) {
      const m = route.target.method;
      if (m !== method && !(m === 'GET' && method === 'HEAD')) continue;
      const found = route.regex.exec(rawPath);
      if (found) return { kind: 'own', route: route.target, params: paramsOf(found, route.names) };
    }
    const m = method.toLowerCase() as HttpMethod;
    const onPath: SpecOperation[] = [];
    for (const route of this.routes) {
      const found = route.regex.exec(rawPath);
      if (!found) continue;
      const op = route.target;
      if (op.method === m || (this.headAsGet && m === 'head' && op.method === 'get')) return { kind: 'operation', operation: op, params: paramsOf(found, route.names) };
      onPath.push(op);
    }
    if (!onPath.length) return { kind: 'not_found' };
    const allow = [...new Set(onPath.map((o) => o.method.toUpperCase()))];
    return { kind: 'method_not_allowed', operations: onPath, allow };
  }

  get operations(): SpecOperation[] {
    return this.routes.map((r) => r.target);
  }
}
