import { defineConfig } from 'vitest/config';

// Real servers start here (RabbitMQ takes 6-20 s on a busy 2-core machine), so files run one at a
// time and deadlines are generous; the global setup fails the run if any process outlives a test.
export default defineConfig({
  test: {
    name: 'harness',
    sequence: { groupOrder: 3 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['deploy/**', 'launch/**', 'verify/**', 'report/**', '**/node_modules/**'],
    globalSetup: ['./test-support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
  },
});
