import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/process.js';
import { tmpDir } from '../helpers/app.js';
import { startStandin } from '../../src/index.js';
import { DocumentError } from '../../src/core/openapi-service/index.js';
import { DOCS } from './helpers.js';

/** Documents that cannot be mounted stop start-up with one line naming the file and the problem, exit 2. */
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tmpDir());
  await writeFile(join(dir, 'broken.yaml'), 'openapi: 3.0.0\ninfo: [unclosed\n');
  await writeFile(join(dir, 'dangling.yaml'), 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content: { application/json: { schema: { $ref: "#/components/schemas/Missing" } } }\n');
  await writeFile(join(dir, 'notes.txt'), 'just some text');
  await writeFile(join(dir, 'future.yaml'), 'openapi: 4.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
});
afterAll(async () => {
  await cleanup?.();
});

async function refused(args: string[]): Promise<string> {
  const p = runCli(['--in-memory', '--port', '0', ...args]);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  const code = await p.exited;
  clearTimeout(timer);
  expect(code, p.stderr()).toBe(2);
  expect(p.stdout()).toBe('');
  const lines = p.stderr().trim().split('\n');
  expect(lines[0]).toMatch(/^standin: /);
  expect(p.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0]!;
}

describe('bad documents and names', () => {
  it('a missing file, a file that is not YAML or JSON, and one that is not OpenAPI 3.x', async () => {
    expect(await refused(['--spec', `x=${join(dir, 'absent.yaml')}`])).toBe(`standin: ${join(dir, 'absent.yaml')}: no such file`);
    expect(await refused(['--spec', `x=${join(dir, 'broken.yaml')}`])).toMatch(new RegExp(`^standin: ${join(dir, 'broken.yaml')}: not YAML or JSON \\(`));
    expect(await refused(['--spec', `x=${join(dir, 'notes.txt')}`])).toBe(`standin: ${join(dir, 'notes.txt')}: not an OpenAPI document (the file holds no YAML or JSON object)`);
    expect(await refused(['--spec', `x=${DOCS.swagger2}`])).toBe(`standin: ${DOCS.swagger2}: a Swagger 2.0 document; only OpenAPI 3.0 and 3.1 can be mounted`);
    expect(await refused(['--spec', `x=${join(dir, 'future.yaml')}`])).toBe(`standin: ${join(dir, 'future.yaml')}: openapi '4.0.0' is not OpenAPI 3.0 or 3.1`);
  });

  it('an unresolvable $ref', async () => {
    expect(await refused(['--spec', `x=${join(dir, 'dangling.yaml')}`])).toMatch(new RegExp(`^standin: ${join(dir, 'dangling.yaml')}: .*#/components/schemas/Missing`));
  });

  it('a name that clashes with a built-in service or Standin’s own controls', async () => {
    expect(await refused(['--spec', `sensu=${DOCS.galaxy}`])).toMatch(/--spec sensu=.*'sensu' is already a service/);
    expect(await refused(['--spec', `__admin=${DOCS.galaxy}`])).toMatch(/'__admin' is reserved/);
    expect(await refused(['--spec', `g=${DOCS.galaxy}`, '--spec', `g=${DOCS.petstore}`])).toMatch(/'g' is given twice/);
    await expect(startStandin({ specs: { webflow: DOCS.galaxy } })).rejects.toThrow(DocumentError);
    await expect(startStandin({ specs: { admin: DOCS.galaxy } })).rejects.toThrow(/reserved/);
  });
});

describe('the CLI', () => {
  it('mounts --spec documents, lists them in the banner and serves one at its own --service-port', async () => {
    const cli = await startCli(['--in-memory', '--spec', `galaxy=${DOCS.galaxy}`, '--service-port', 'galaxy=0', '--seed', '5']);
    try {
      expect(cli.stdout()).toMatch(new RegExp(`Scalar Galaxy +${cli.url}/galaxy and http://127\\.0\\.0\\.1:\\d+`));
      const r = await fetch(`${cli.url}/galaxy/me`, { headers: { 'X-API-Key': 'k' } });
      expect(r.status).toBe(200);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});
