// One lint config for the whole repository; Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.harness', 'reports', '**/dist', 'cdk.out', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': ['error', { allow: ['error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript entry points run on Node: give them its globals.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // CLIs, scripts and the k6 scripts talk to a terminal on purpose.
    files: ['bin/**', 'scripts/**', 'harness/cli.ts', 'harness/cli/**', 'load/**'],
    rules: { 'no-console': 'off' },
  },
);
