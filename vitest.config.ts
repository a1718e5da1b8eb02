import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // WxtVitest swaps `wxt/browser` for WXT's in-memory fake browser and applies the project's aliases.
  plugins: [WxtVitest()],
  // Unit tests read the overlay through open shadow roots and fixed host names (utils/overlay/names.ts).
  define: { __POSTCART_TEST_HOOKS__: 'true' },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    environment: 'node',
    restoreMocks: true,
  },
});
