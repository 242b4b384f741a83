import { defineProject } from 'vitest/config';

// The browser test drives the real system: globalSetup starts the whole stack once (services,
// nginx, the SPA build) with its own databases, bus names and Redis keys, and removes them after.
export default defineProject({
  test: {
    name: 'e2e',
    sequence: { groupOrder: 4 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./stack.global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
