import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The parity gate's own tests (harness/verify and harness/report) are pure, or open one Chromium
// page: they need neither the harness project's one-file-at-a-time pool nor its leftover-process
// teardown, so they run as their own project among the fast ones.
export default defineConfig({
  test: {
    name: 'verify',
    sequence: { groupOrder: 0 },
    root: join(import.meta.dirname, '..'),
    include: ['verify/**/*.test.ts', 'report/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
