import { defineConfig } from 'vitest/config';

/** Browser tests: a real server on a fresh PGlite data directory, driven by Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // Until the web app has pages to drive, there may be no browser test to run.
    passWithNoTests: true,
  },
});
