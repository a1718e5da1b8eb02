import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The catalog server's suite: plain Node, no WXT plugin (nothing here imports the browser).
 * `npx vitest run -c tests/server/vitest.config.ts`; with DATABASE_URL set the same tests run on
 * that PostgreSQL server (each file in its own schema), otherwise on in-memory PGlite.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/server/**/*.test.ts'],
    environment: 'node',
    // Each file starts its own database; PGlite takes a few seconds to boot on a 2-core machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
