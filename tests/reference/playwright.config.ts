import { defineConfig } from '@playwright/test';

/**
 * The real-page suite: the saved pages of ../shared/reference-pages (or REFERENCE_PAGES) served at
 * their real URLs to the built extension. One Chromium for the whole run (the tags are put in the
 * catalog once), so one worker.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../.artifacts/reference.json' }]],
  outputDir: '../.artifacts/reference-output',
  use: { trace: 'retain-on-failure' },
});
