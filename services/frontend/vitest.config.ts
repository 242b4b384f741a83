import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'frontend',
    sequence: { groupOrder: 0 },
    include: ['**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
