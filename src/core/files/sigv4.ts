import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../service/exchange.js';
import type { ServiceData } from '../state/service-store.js';

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');

/** AWS Signature Version 4: the hex HMAC of `stringToSign` under the key derived for the day, region and service. */
export function sigV4(secretKey: string, date: string, region: string, service: string, stringToSign: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

/** Compares two signatures in constant time. */
export function sameSignature(expected: string, given: string): boolean {
  const [a, b] = [Buffer.from(expected), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `20260301T100000Z`: SigV4's X-Amz-Date for a time. */
export const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A service whose shared state keeps its signing secrets. */
export interface WithSecrets extends ServiceData {
  shared: { secrets: { value: string } };
}

/** The secret a service signs with (`name` tells its uses apart), made once per db and sandbox and kept in the store. */
export async function signingSecret<D extends WithSecrets>(ctx: ServiceContext<D>, name: string): Promise<string> {
  const stored = ctx.store.shared.get('secrets', name);
  if (stored) return stored.value;
  const value = ctx.random.hex(32);
  await ctx.store.write((tx) => tx.shared.put('secrets', name, { value } as D['shared']['secrets']));
  return value;
}
