import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

const PARSER_VERSION = (createRequire(import.meta.url)('@apidevtools/swagger-parser/package.json') as { version: string }).version;
const FILE = join(REPO_ROOT, 'node_modules', '.cache', 'standin', 'valid-specs.json');

/**
 * Remembers which spec texts swagger-parser has already validated, by a hash of the text (and the
 * parser's version): validating compiles OpenAPI's meta-schema, the bulk of a cold start. A spec that
 * changed by one byte is validated again; a broken one is never remembered. Fixtures that passed their
 * services' state schemas are remembered the same way (src/core/state/fixtures.ts).
 */
export class SpecCache {
  private writing = Promise.resolve();

  private constructor(private readonly valid: Set<string>) {}

  static async open(): Promise<SpecCache> {
    try {
      return new SpecCache(new Set(JSON.parse(await readFile(FILE, 'utf8')) as string[]));
    } catch {
      return new SpecCache(new Set());
    }
  }

  static hash(text: string): string {
    return createHash('sha256').update(PARSER_VERSION).update('\0').update(text).digest('hex');
  }

  isValid(hash: string): boolean {
    return this.valid.has(hash);
  }

  /** Records a validated spec; best effort (a read-only checkout just validates every time). */
  remember(hash: string): Promise<void> {
    if (this.valid.has(hash)) return this.writing;
    this.valid.add(hash);
    // One write at a time, each of the whole list: specs load in parallel.
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(FILE), { recursive: true });
        await writeFile(FILE, JSON.stringify([...this.valid].slice(-200)));
      } catch {
        /* not writable: nothing to remember */
      }
    });
    return this.writing;
  }
}
