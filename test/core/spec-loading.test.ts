import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/core/boot/standin.js';
import { defineService } from '../../src/core/service/module.js';
import { SpecError, loadSpec } from '../../src/core/boot/spec.js';
import { actionhub } from '../../src/services/actionhub/index.js';
import { tmpDir } from '../helpers/app.js';

describe('spec loading at startup', () => {
  it('stops with an error naming the file and the problem when a spec is broken', async () => {
    const { dir, cleanup } = await tmpDir();
    const file = join(dir, 'broken.openapi.yaml');
    await writeFile(file, 'openapi: 3.1.0\ninfo: { title: x, version: "1" }\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: { "200": { $ref: "#/components/responses/Missing" } }\n');
    const err = await loadSpec(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect(String((err as Error).message)).toContain(file);
    expect(String((err as Error).message)).toMatch(/Missing/);
    await cleanup();
  });

  it('refuses to start a service whose handlers do not cover its operations', async () => {
    const incomplete = defineService({ ...actionhub, operations: { get_assets: actionhub.operations['get_assets']! } });
    await expect(createRuntime({ services: [incomplete], logLevel: 'silent' })).rejects.toThrow(/no handler for post_events/);
  });

  it('refuses a service name registered twice', async () => {
    await expect(createRuntime({ services: [actionhub, actionhub], logLevel: 'silent' })).rejects.toThrow(/registered twice/);
  });

  it.each([
    ['a YAML syntax error', 'openapi: 3.1.0\ninfo: { title: x, version: "1"\npaths: {}\n', /missed comma/],
    ['a schema the OpenAPI 3.1 meta-schema refuses', 'openapi: 3.1.0\ninfo: { title: x }\npaths: {}\n', /must have required property 'version'/],
  ])('stops startup of the runtime on %s, naming the file', async (_name, text, problem) => {
    const { dir, cleanup } = await tmpDir();
    try {
      const file = join(dir, 'broken.openapi.yaml');
      await writeFile(file, text);
      const broken = defineService({ ...actionhub, specFile: file });
      const err = await createRuntime({ services: [broken], logLevel: 'silent' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SpecError);
      expect((err as Error).message.startsWith(`${file}: `)).toBe(true);
      expect((err as Error).message).toMatch(problem);
    } finally {
      await cleanup();
    }
  });
});
