import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The Firefox smoke test: plain Node driving Debian's firefox-esr over WebDriver BiDi (no WXT
 * plugin: nothing here imports the extension's code). Needs the Firefox build first:
 * `npm run build:firefox && npm run test:firefox`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    // Starting Firefox and installing the add-on takes a few seconds on a 2-core machine.
    hookTimeout: 90_000,
    testTimeout: 60_000,
  },
});
