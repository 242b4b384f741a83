import { defineConfig } from 'vitest/config';

// The backend services' suites: integration tests against the standard-port PostgreSQL,
// RabbitMQ and Redis. Each file isolates itself (its own databases, bus namespace, queues and
// Redis key prefix), so files run in parallel.
export default defineConfig({
  test: {
    name: 'services',
    sequence: { groupOrder: 1 },
    root: import.meta.dirname,
    include: ['{shared,auth,cashflow,consolidated}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The suites mostly wait on PostgreSQL and RabbitMQ, so more files than cores run well side by side.
    maxWorkers: 3,
  },
});
