import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Servers started by tests bind 127.0.0.1 on ephemeral ports, so files can run in parallel.
    pool: 'forks',
    // A throw-away PostgreSQL cluster for the shared-state tests (when the server binaries are installed).
    globalSetup: ['test/helpers/pg-global.ts'],
  },
});
