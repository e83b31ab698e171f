import type { TestApp } from '../helpers/app.js';

export const ADMIN_BASIC = `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}`;
export const AGENT_BASIC = `Basic ${Buffer.from('agent:P@ssw0rd!').toString('base64')}`;
export const SHA512 = 'a'.repeat(128);
export const ASSETS = '/sensu/api/core/v2/namespaces';

export interface Tokens {
  access_token: string;
  expires_at: number;
  refresh_token: string;
}

export async function login(t: TestApp, basic = ADMIN_BASIC): Promise<Tokens> {
  const r = await t.http.get('/sensu/auth').set('authorization', basic);
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as Tokens;
}

export function asset(name: string, namespace = 'default', extra: Record<string, unknown> = {}) {
  return { url: `https://example.com/${name}.tar.gz`, sha512: SHA512, metadata: { name, namespace }, ...extra };
}

/** Sends a body byte for byte (superagent would otherwise add or rewrite the Content-Type). */
export function raw<T extends { serialize(fn: (x: unknown) => string): T; send(b: Buffer): T }>(r: T, body: string | Buffer): T {
  return r.serialize((x: unknown) => x as string).send(Buffer.isBuffer(body) ? body : Buffer.from(body));
}

export const NAMESPACES = '/sensu/api/core/v2/namespaces';
