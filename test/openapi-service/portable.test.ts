import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/index.js';
import { SCHEMA_VALIDATION_DOC, SERVER_PATH_LEVEL_DOC } from './helpers.js';

/** Documents that once made requests answer 500: what they say is now read as they mean it. */
let s: Standin;
beforeAll(async () => {
  s = await startStandin({ specs: { sv: SCHEMA_VALIDATION_DOC, servers: SERVER_PATH_LEVEL_DOC } });
});
afterAll(async () => {
  await s?.close();
});

describe('documents the validator could not read as written', () => {
  it('a pattern valid only without the u flag (lone braces) is kept in meaning: a match passes, a miss gets a 4xx', async () => {
    const query = (complex: string) => new URLSearchParams({ 'name-length-required': 'tenletters', 'name-pattern-required': 'aXb', 'complex-pattern-required': complex });
    for (const guid of ['{0123-4567-89ab-cdef-0123-4567-89ab-cdef}', '0123456789abcdef0123456789abcdef']) {
      expect((await fetch(`${s.url}/sv/anything/strings?${query(guid)}`)).status, guid).toBe(200);
    }
    const miss = await fetch(`${s.url}/sv/anything/strings?${query('{not-a-guid}')}`);
    expect(miss.status).toBeGreaterThanOrEqual(400);
    expect(miss.status).toBeLessThan(500);
    expect(await miss.text()).toContain('complex-pattern-required');
  });

  it('a path item that $refs another is served like the one it names', async () => {
    for (const path of ['/path-item-ref-server', '/path-item-server-source', '/empty-path-item-servers', '/relative-path-server']) {
      const r = await fetch(`${s.url}/servers${path}`);
      expect(r.status, path).toBe(200);
    }
  });
});
