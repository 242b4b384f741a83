import { defineConfig } from 'vitest/config';

// Deploy tests start their own moto_server per file (a full deploy of the infra app takes 10-30 s
// on a 2-core machine), so files run in forks with generous deadlines.
export default defineConfig({
  test: {
    name: 'deploy',
    sequence: { groupOrder: 2 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.scratch/**'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
