import { defineConfig } from 'vitest/config';

// The developer scripts' tests: `npm run dev`'s wiring runs stand-in services and the machine's
// nginx, so it sits with the launch tests' group and, like them, runs in forks.
export default defineConfig({
  test: {
    name: 'scripts',
    sequence: { groupOrder: 2 },
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
