import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  // Each test launches its own Chromium with the extension; two workers fit the 2-core machines.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  // One retry in CI: a click or key sent into the tag editor's frame (an extension page inside the
  // site's page) now and then never completes in Playwright when the machine is busy (seen in a
  // few full runs with two workers, never when the test ran alone). Playwright reports it as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'tests/.artifacts/e2e.json' }]],
  outputDir: 'tests/.artifacts/e2e-output',
  use: { trace: 'retain-on-failure' },
});
