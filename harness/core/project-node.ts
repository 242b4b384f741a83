import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-dir.ts';

/**
 * The Node binary child processes of the harness run on: the project's Node 22 (the `node`
 * package's binary in node_modules/.bin) when installed, else the one running now. `npx harness`
 * may be started by an older Node of the machine, on which undici (the load runner's client) fails.
 */
export function projectNode(root: string = REPO_ROOT): string {
  const installed = join(root, 'node_modules', '.bin', 'node');
  return existsSync(installed) ? installed : process.execPath;
}
