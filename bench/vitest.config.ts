import { defineConfig } from 'vitest/config';

/**
 * The benchmark's pure parts (row generators, COPY encoding, statistics, load loop, report) have
 * unit tests that need no database; they stay out of the default test run:
 *   npx vitest run --config bench/vitest.config.ts
 */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    root: '.',
    testTimeout: 30_000,
  },
});
