import type { KnipConfig } from 'knip';

// Unused files, exports and dependencies fail `npm run lint`. Entries are what something outside
// the TypeScript import graph starts: the CLI (bin/ and package.json scripts, which knip reads),
// the public APIs, the CDK app (cdk.json), the services' servers (the Dockerfile's CMD), the k6
// scripts and the debugging commands. The SPA's entry comes from its index.html through knip's
// vite plugin, the tests and vitest configs through its vitest plugin.
const config: KnipConfig = {
  entry: [
    // A folder's index.ts is its public API (docs/harness.md); what it exports is meant for others.
    '{harness,infra,services/*/src}/**/index.ts',
    'harness/deploy/{cli,measure-deploy}.ts',
    'infra/bin/app.ts',
    'services/*/src/server.ts',
    'load/k6/*.ts',
    // The bench starts its hello-world ceiling server as a process of its own.
    'bench/hello-server.ts',
  ],
  project: ['**/*.{ts,mts,mjs,js}'],
  vite: { config: ['services/frontend/vite.config.ts'] },
  typescript: { config: ['tsconfig.json', 'load/k6/tsconfig.json'] },
  // A type that an exported signature uses is part of that signature: it stays exported.
  ignoreExportsUsedInFile: { interface: true, type: true },
  // `cdklocal` runs through `npx` in the command that harness/deploy/localstack-deploy-plan.ts
  // builds; `k6/...` modules are built into the k6 binary that runs load/k6/.
  ignoreDependencies: ['aws-cdk-local', /^k6(\/|$)/],
  // The first-run hint in scripts/ensure-installed.mjs names the system package manager.
  ignoreBinaries: ['apt-get'],
};

export default config;
