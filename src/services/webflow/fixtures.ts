import { loadJsonFixtures } from '../../core/state/fixtures.js';
import { FixtureFiles } from '../../core/files/fixture-files.js';
import type { ServiceStateJson } from '../../core/state/tree.js';

// Demo files shipped in fixtures/webflow/files/, served for assets whose bytes are `fixture:<name>`.
const files = new FixtureFiles();

export const fixtureFile = (name: string) => files.get(name);

/** The JSON fixtures, plus the demo files they point at. */
export async function loadWebflowFixtures(dir: string): Promise<ServiceStateJson> {
  await files.load(dir);
  return loadJsonFixtures(dir);
}
