import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type PathToRegexp = (path: unknown, options?: unknown) => unknown;
let patched = false;

/**
 * express-openapi-validator compiles every route's path with path-to-regexp on every request until one
 * matches (openapi.metadata.js `lookupRoute`), a large share of a request's cost. pathToRegexp is a pure
 * function and its regexps carry no state (no g/y flags), so its results are cached by argument; the
 * validator's behaviour is unchanged. Remove this when the validator caches them itself.
 */
export function cacheValidatorRouteRegexps(): void {
  if (patched) return;
  patched = true;
  const mod = require(require.resolve('path-to-regexp', { paths: [require.resolve('express-openapi-validator')] })) as { pathToRegexp: PathToRegexp };
  const original = mod.pathToRegexp;
  const cache = new Map<string, unknown>();
  mod.pathToRegexp = (path, options) => {
    if (typeof path !== 'string') return original(path, options);
    const o = options as { sensitive?: unknown; strict?: unknown; end?: unknown } | undefined;
    // The validator passes only these options; anything else is not cached.
    if (o && Object.keys(o).some((k) => k !== 'sensitive' && k !== 'strict' && k !== 'end')) return original(path, options);
    const key = `${path}\0${String(o?.sensitive)}\0${String(o?.strict)}\0${String(o?.end)}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = original(path, options);
      if (cache.size < 2000) cache.set(key, compiled);
    }
    return compiled;
  };
}
