import { defineProject } from 'vitest/config';

// Synthesis is CPU-bound (~4 s per stack on two cores): files synthesize once in beforeAll
// where they only read the template, so generous timeouts rather than many workers.
export default defineProject({
  test: {
    name: 'infra',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    exclude: ['cdk.out/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
