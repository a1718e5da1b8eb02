import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  // Each test launches its own Chromium with the extension; two workers fit the 2-core machines.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'tests/.artifacts/e2e.json' }]],
  outputDir: 'tests/.artifacts/e2e-output',
  use: { trace: 'retain-on-failure' },
});
