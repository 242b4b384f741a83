import { defineConfig } from 'vitest/config';

// Launch tests spawn real processes (services, nginx, moto): generous timeouts, and files run
// in forks so a test's child processes never share an event loop with another file's.
export default defineConfig({
  test: {
    name: 'launch',
    sequence: { groupOrder: 2 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
