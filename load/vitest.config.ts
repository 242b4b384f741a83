import { defineConfig } from 'vitest/config';

// The load runner against servers of known behaviour, and the k6 scripts' type check. Its own
// group so that timing-sensitive runs do not share the cores with the server suites.
export default defineConfig({
  test: {
    name: 'load',
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    sequence: { groupOrder: 2 },
    fileParallelism: false,
  },
});
