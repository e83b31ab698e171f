import { FixtureFiles } from '../../core/files/fixture-files.js';

// Demo files shipped in fixtures/webflow/files/, served for assets whose bytes are `fixture:<name>`.
const files = new FixtureFiles();

export const fixtureFile = (name: string) => files.get(name);

/** The JSON fixtures, plus the demo files they point at. */
export const loadWebflowFixtures = files.loadFixtures;
