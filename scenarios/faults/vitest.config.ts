import { defineConfig } from 'vitest/config';

// Faults under load (docs/reliability.md): a whole stack per file, one profile per file, files one
// after another, each fault about 70 s of load at 200 entries/s. Not part of `npm test`: run by
// `npm run test:faults` (which .ci/run calls after `npm test`). The global teardown renders
// docs/reliability.md from the reports the files wrote.
export default defineConfig({
  test: {
    name: 'faults',
    root: import.meta.dirname,
    include: ['*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
    globalSetup: ['./render-on-teardown.ts'],
  },
});
