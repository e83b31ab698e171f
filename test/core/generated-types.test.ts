import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateTypes, specFiles, typesFileFor } from '../../scripts/generate-types.js';

describe('generated types', async () => {
  const specs = await specFiles();

  it('exist for every spec', () => {
    expect(specs.length).toBeGreaterThan(0);
  });

  it.each(specs)('are fresh for %s (run `npm run generate` if this fails)', async (spec) => {
    const checkedIn = await readFile(typesFileFor(spec), 'utf8').catch(() => '(missing)');
    expect(checkedIn).toBe(await generateTypes(spec));
  });
});
