// acorn is loaded on the first asset write, not at startup.
const acorn = () => import('acorn');
import { goUrlParse } from './go-url.js';
import type { StoredAsset } from './store.js';

const NAME = /^[a-z0-9/_.-]+$/;

/**
 * Sensu 5.11's `(*Asset).Validate`, in its order (5.11.0 types/asset.go). It returns what failed, but 5.11
 * sends none of it: every failure answers `invalid argument(s) received`. The reason is logged.
 */
export async function validateAsset(a: StoredAsset): Promise<string | undefined> {
  const name = a.metadata.name ?? '';
  if (!name) return 'name cannot be empty';
  if (!NAME.test(name)) return 'name must be lowercase and may only contain forward slashes, underscores, dashes and numbers';
  if (!a.metadata.namespace) return 'namespace cannot be empty';
  if (!a.sha512) return 'SHA-512 checksum cannot be empty';
  if (Buffer.byteLength(a.sha512) < 128) return 'SHA-512 checksum must be at least 128 characters';
  if (!a.url) return 'URL cannot be empty';
  const u = goUrlParse(a.url);
  if (!u.ok) return 'invalid URL provided';
  if (u.scheme !== 'http' && u.scheme !== 'https') return 'URL must be HTTP or HTTPS';
  for (const [i, expression] of (a.filters ?? []).entries()) {
    try {
      // otto, Sensu's JavaScript engine, is ES5.
      (await acorn()).parse(expression, { ecmaVersion: 5 });
    } catch (e) {
      return `syntax error in expression ${i}: ${(e as Error).message}`;
    }
  }
  return undefined;
}
