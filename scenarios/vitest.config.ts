import { defineConfig } from 'vitest/config';

// Acceptance scenarios start a whole stack (backing servers, emulator, deploy, services,
// routers): one file at a time, with deadlines that fit a busy 2-core machine.
export default defineConfig({
  test: {
    name: 'scenarios',
    sequence: { groupOrder: 5 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // faults/ is a project of its own (npm run test:faults), not part of `npm test`.
    exclude: ['**/node_modules/**', 'faults/**'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 420_000,
    teardownTimeout: 60_000,
  },
});
