import { defineProject } from 'vitest/config';

// Static checks of docker-compose.yml and the Dockerfiles: no servers, no Docker engine.
export default defineProject({
  test: {
    name: 'compose',
    sequence: { groupOrder: 0 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 30_000,
  },
});
