import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type express from 'express';
import { createRuntime, type RuntimeOptions } from '../../src/core/boot/standin.js';
import { createApp, type StandinApp } from '../../src/core/http/edge.js';
import type { Runtime } from '../../src/core/boot/runtime.js';
import { services } from '../../src/services.js';
import { freshDatabase } from './pg.js';

export interface TestApp {
  app: StandinApp;
  rt: Runtime;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The whole simulator in memory, with every response checked against the specs. With
 * STANDIN_TEST_STATE=postgres (`npm run test:postgres`) its state is in a fresh PostgreSQL database instead.
 */
export async function testApp(options: Partial<RuntimeOptions> = {}): Promise<TestApp> {
  const db = options.db ?? (process.env['STANDIN_TEST_STATE'] === 'postgres' ? await freshDatabase() : undefined);
  const rt = await createRuntime({ services, logLevel: 'silent', validateResponses: true, ...options, db });
  const app = createApp(rt);
  return { app, rt, http: request(app), close: () => rt.store.close() };
}

/** A fresh temp folder, removed by the returned cleanup. */
export async function tmpDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
