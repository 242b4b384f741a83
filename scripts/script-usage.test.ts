import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

async function failure(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const result = await run(tsx, [join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOCALSTACK_AUTH_TOKEN: 'token' },
    timeout: 30_000,
  }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  if (result === undefined) throw new Error(`${script} ${args.join(' ')} succeeded`);
  return result;
}

// Every script parses its flags with commander: a bad flag stops it before any work, naming the
// flag and showing the usage, with exit code 2.
describe.each([
  ['bench/harness-up.ts', ['--runs', '0'], '--runs'],
  ['bench/harness-up.ts', ['--stack', 'half'], '--stack'],
  ['bench/harness-up.ts', ['--bogus'], '--bogus'],
  // It loads aws-cdk-lib before parsing (about 10 s here): one case is enough.
  ['harness/deploy/measure-deploy.ts', ['many'], 'runs'],
  ['scripts/deploy-localstack.ts', ['--bogus'], '--bogus'],
  ['scripts/deploy-localstack.ts', ['--certificate-arn'], '--certificate-arn'],
  ['harness/deploy/compose-certificates.ts', ['--bogus'], '--bogus'],
])('%s %j', (script, args, flag) => {
  it('prints the usage naming the flag and exits 2', async () => {
    const { code, stderr } = await failure(script, args);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).toContain('Usage:');
  });
});
