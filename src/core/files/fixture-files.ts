import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadJsonFixtures } from '../state/fixtures.js';
import type { ServiceStateJson } from '../state/tree.js';

/**
 * Demo files a service ships in `fixtures/<name>/files/`, served for records that point at them by
 * name. Read once when the fixtures load; a service keeps one of these.
 */
export class FixtureFiles {
  private readonly files = new Map<string, Buffer>();

  /** Reads every file in `<fixturesDir>/files` (none when the folder is absent). */
  async load(fixturesDir: string): Promise<void> {
    const dir = join(fixturesDir, 'files');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) this.files.set(name, await readFile(join(dir, name)));
  }

  /** A service's `loadFixtures`: its JSON fixtures as usual, with these files read from beside them. */
  readonly loadFixtures = async (fixturesDir: string): Promise<ServiceStateJson> => {
    await this.load(fixturesDir);
    return loadJsonFixtures(fixturesDir);
  };

  get(name: string): Buffer | undefined {
    return this.files.get(name);
  }
}
