import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/index.js';

const DOC = fileURLToPath(new URL('./documents/dynamic-ref.yaml', import.meta.url));
let s: Standin;
beforeAll(async () => {
  s = await startStandin({ specs: { cats: DOC }, seed: 7 });
});
afterAll(async () => {
  await s?.close();
});

describe('a 3.1 document with $dynamicRef', () => {
  it('answers values its schema accepts, checked by Ajv 2020 with $dynamicRef as written', async () => {
    const doc = parse(await readFile(DOC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile({ $defs: doc.components.schemas, $ref: '#/$defs/Category' });
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${s.url}/cats/categories/tree?i=${i}`, { headers: { 'prefer': 'dynamic=true' } });
      expect(r.status).toBe(200);
      const body: unknown = await r.json();
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
