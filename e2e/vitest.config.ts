import { defineProject } from 'vitest/config';

// The browser test drives the real system: globalSetup starts the whole stack once (backing
// servers of its own, the services, nginx, a fresh SPA build) and removes all of it after.
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
