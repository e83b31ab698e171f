import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadJsonFixtures } from '../../core/state/fixtures.js';
import type { ServiceStateJson } from '../../core/state/tree.js';

// Demo files shipped in fixtures/webflow/files/, served for assets whose bytes are `fixture:<name>`.
const files = new Map<string, Buffer>();

export function fixtureFile(name: string): Buffer | undefined {
  return files.get(name);
}

/** The JSON fixtures, plus the demo files they point at. */
export async function loadWebflowFixtures(dir: string): Promise<ServiceStateJson> {
  const names = await readdir(join(dir, 'files')).catch(() => [] as string[]);
  for (const name of names) files.set(name, await readFile(join(dir, 'files', name)));
  return loadJsonFixtures(dir);
}
