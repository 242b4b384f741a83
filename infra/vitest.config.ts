import { defineProject } from 'vitest/config';

// Synthesis is CPU-bound (~2-4 s per stack on two cores) and importing aws-cdk-lib costs
// seconds per worker: files synthesize once in beforeAll where they only read the template,
// and workers are reused across files (no file mutates shared state; each builds its own App).
export default defineProject({
  test: {
    name: 'infra',
    sequence: { groupOrder: 0 },
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/cdk-outdir.setup.ts'],
    exclude: ['cdk.out/**', 'node_modules/**'],
    environment: 'node',
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
