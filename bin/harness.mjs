#!/usr/bin/env node
// The `harness` command: runs the TypeScript CLI through tsx, on the Node that npm puts first
// on PATH (Node 22 from the `node` package when the machine's Node is older).
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');
