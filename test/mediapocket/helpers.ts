import type { TestApp } from '../helpers/app.js';

export const DEMO_KEY = 'demo-mediapocket-key';
export const OTHER_KEY = 'other-mediapocket-key';

/** A Mediapocket request with the demo key (or another, or none). */
export function mp(t: TestApp, method: 'get' | 'post' | 'put' | 'delete' | 'patch', path: string, key: string | null = DEMO_KEY) {
  const r = t.http[method](`/mediapocket/api/v2${path}`);
  return key === null ? r : r.set('X-API-KEY', key);
}

export const ID = /^[A-Za-z0-9_-]{20}$/;
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
