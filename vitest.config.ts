import { defineConfig } from 'vitest/config';

// Each part owns its vitest project (its own config next to its code), so suites with different
// needs (real servers, the emulator, a browser) do not share pools or timeouts.
//
// Projects run in groups, lowest `sequence.groupOrder` first, so the suites that start real
// servers do not all compete for the same two cores at once:
//   0 infra, compose, frontend   pure, CPU-bound (synthesis, schema checks)
//     verify                     the parity gate's pure checks and reports (one Chromium page)
//   1 services                   against the machine's standard-port servers
//   2 launch, deploy, scripts    moto, nginx and service processes
//   3 harness                    native backing servers, one file at a time
//   4 e2e                        Chromium against a running system
//   5 scenarios                  a whole stack, both profiles
export default defineConfig({
  test: {
    projects: [
      '*/vitest.config.ts',
      'services/*/vitest.config.ts',
      'harness/launch/vitest.config.ts',
      'harness/deploy/vitest.config.ts',
      'harness/verify/vitest.config.ts',
    ],
    passWithNoTests: false,
  },
});
