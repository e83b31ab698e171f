import type { TestApp } from '../helpers/app.js';

export const SITE = '580e63e98c9a982ac9b8b741';
export const OTHER_SITE = '6390c49674a71f84b51a08d8';
export const FOLDER = '6436b1ce5281cace05b65aea';
export const LOGO = '64358b9544249dc43d37d2b7';

export function wf(t: TestApp, method: 'get' | 'post' | 'patch' | 'delete' | 'put', path: string, token: string | null = 'demo-token') {
  const r = t.http[method](`/webflow/v2${path}`);
  return token === null ? r : r.set('authorization', `Bearer ${token}`);
}

export const err = (code: string, message: string) => ({ message, code, externalReference: null, details: [] });

/** An error body as the live service writes it, byte for byte (`message` first). */
export const errText = (code: string, message: string) => JSON.stringify(err(code, message));

export const missingScope = (scope: string) => err('missing_scopes', `OAuthForbidden: You are missing the following scopes - '${scope}'`);
