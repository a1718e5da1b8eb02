import { defineConfig } from '@playwright/test';

// Benchmarks measure, they do not assert: one worker so runs do not disturb each other.
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  workers: 1,
  timeout: 40 * 60_000,
  reporter: 'list',
  outputDir: '../.artifacts/bench-output',
});
