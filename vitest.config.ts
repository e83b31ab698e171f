import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  // Tests import `standin` and `standin/<service>` from the sources, as tsconfig.json's `standin-source` condition does.
  resolve: {
    alias: [
      { find: /^standin$/, replacement: `${src}index.ts` },
      { find: /^standin\/(actionhub|mediapocket|sensu|webflow)$/, replacement: `${src}services/$1/openapi.generated.ts` },
    ],
  },
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
