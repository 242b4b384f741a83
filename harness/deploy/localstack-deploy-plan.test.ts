import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import { LocalStackDeployError, planLocalStackDeploy } from './localstack-deploy-plan.ts';

const ARN = 'arn:aws:acm:us-east-1:000000000000:certificate/abc';
const TOKEN = { LOCALSTACK_AUTH_TOKEN: 'ls-token' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof LocalStackDeployError) return error.code;
    throw error;
  }
  return undefined;
}

describe('planLocalStackDeploy', () => {
  it('refuses to run without LOCALSTACK_AUTH_TOKEN, naming the variable', () => {
    expect(() => planLocalStackDeploy(['--certificate-arn', ARN], {})).toThrow(/LOCALSTACK_AUTH_TOKEN is not set/);
    expect(codeOf(() => planLocalStackDeploy(['--certificate-arn', ARN], { LOCALSTACK_AUTH_TOKEN: ' ' }))).toBe(
      'TOKEN_MISSING',
    );
  });

  it('builds a direct cdklocal deploy with the endpoint variables, never passing the token itself', () => {
    const plan = planLocalStackDeploy(['--certificate-arn', ARN, '--region=eu-west-1', '--stack-name', 'Cf'], TOKEN);
    expect(plan.args).toEqual(
      expect.arrayContaining(['cdklocal', 'deploy', 'Cf', '--method=direct', `certificateArn=${ARN}`]),
    );
    expect(plan.args).toContain('availabilityZones=eu-west-1a,eu-west-1b');
    expect(plan.env).toMatchObject({ AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_REGION: 'eu-west-1' });
    expect(JSON.stringify(plan)).not.toContain('ls-token');
  });

  it('takes the endpoint from --endpoint, else AWS_ENDPOINT_URL', () => {
    expect(
      planLocalStackDeploy(['--certificate-arn', ARN], { ...TOKEN, AWS_ENDPOINT_URL: 'http://ls:4566/' }).endpoint,
    ).toBe('http://ls:4566');
    expect(planLocalStackDeploy(['--certificate-arn', ARN, '--endpoint', 'http://127.0.0.1:9'], TOKEN).endpoint).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('rejects bad flags with a message naming the flag', () => {
    expect(() => planLocalStackDeploy(['--certificate-arn', ARN, '--endpoint', 'ftp://x'], TOKEN)).toThrow(
      /--endpoint must be http/,
    );
    expect(() => planLocalStackDeploy(['--certificate-arn', ARN, '--region', 'mars'], TOKEN)).toThrow(/--region/);
    expect(() => planLocalStackDeploy([], TOKEN)).toThrow(/--certificate-arn must be/);
    expect(() => planLocalStackDeploy(['--certificate-arn'], TOKEN)).toThrow(/--certificate-arn needs a value/);
    expect(codeOf(() => planLocalStackDeploy(['--bogus'], TOKEN))).toBe('FLAG_UNKNOWN');
    expect(() => planLocalStackDeploy(['--bogus'], TOKEN)).toThrow(HarnessError);
  });

  it('marks --dry-run', () => {
    expect(planLocalStackDeploy(['--dry-run', '--certificate-arn', ARN], TOKEN).dryRun).toBe(true);
  });
});

describe('npm run deploy:localstack', () => {
  const run = promisify(execFile);
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'deploy-localstack.ts');
  const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

  it('prints what it would run with --dry-run and exits 0', async () => {
    const { stdout } = await run(tsx, [script, '--dry-run', '--certificate-arn', ARN], {
      env: { ...process.env, ...TOKEN, AWS_ENDPOINT_URL: '' },
    });
    expect(stdout).toContain('would run: AWS_ENDPOINT_URL=http://localhost:4566');
    expect(stdout).toContain('cdklocal deploy Cashflow');
  });

  it('exits 2 with the variable named when the token is missing', async () => {
    const failure = await run(tsx, [script, '--dry-run', '--certificate-arn', ARN], {
      env: { ...process.env, LOCALSTACK_AUTH_TOKEN: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('[TOKEN_MISSING]') });
  });
});
