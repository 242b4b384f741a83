import { defineConfig } from 'vitest/config';

// Each top-level part owns its vitest project (its own config next to its code), so suites
// with different needs (real servers, the emulator, a browser) do not share pools or timeouts.
export default defineConfig({
  test: {
    projects: [
      '*/vitest.config.ts',
      'services/*/vitest.config.ts',
      'harness/launch/vitest.config.ts',
      'harness/deploy/vitest.config.ts',
    ],
    passWithNoTests: true,
  },
});
