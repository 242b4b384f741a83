import { HarnessError, type HarnessErrorCode } from '../core/harness-error.ts';

/** A LocalStack deploy the script would run: the command, its arguments and the variables it adds. */
export interface LocalStackDeployPlan {
  readonly command: string;
  readonly args: readonly string[];
  /** Variables added to the environment (the auth token is never included: it is inherited). */
  readonly env: Readonly<Record<string, string>>;
  readonly endpoint: string;
  readonly dryRun: boolean;
}

/** The codes a LocalStack deploy plan fails with. */
export type LocalStackDeployErrorCode = Extract<HarnessErrorCode, 'TOKEN_MISSING' | 'FLAG_INVALID' | 'FLAG_UNKNOWN'>;

/** A bad flag or variable, named in the message, with a stable code. */
export class LocalStackDeployError extends HarnessError {
  declare readonly code: LocalStackDeployErrorCode;

  constructor(code: LocalStackDeployErrorCode, message: string) {
    super(code, message);
    this.name = 'LocalStackDeployError';
  }
}

const LOCALSTACK_ACCOUNT = '000000000000';

/**
 * Turns `npm run deploy:localstack -- [flags]` into the `cdklocal deploy --method=direct` call
 * (direct: LocalStack and moto lose outputs on change sets, and no bootstrap stack is needed).
 * Flags: `--endpoint <url>` (default `AWS_ENDPOINT_URL` or http://localhost:4566), `--region`,
 * `--stack-name`, `--certificate-arn` (an ACM ARN already imported there), `--dry-run`.
 * `LOCALSTACK_AUTH_TOKEN` is required: LocalStack's image refuses to start without one.
 */
export function planLocalStackDeploy(argv: readonly string[], env: NodeJS.ProcessEnv): LocalStackDeployPlan {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dry-run') {
      flags.set('dry-run', true);
      continue;
    }
    const match = /^--(endpoint|region|stack-name|certificate-arn)(?:=(.*))?$/.exec(arg);
    if (!match) throw new LocalStackDeployError('FLAG_UNKNOWN', `unknown flag ${arg} (see docs/deploy.md)`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new LocalStackDeployError('FLAG_INVALID', `--${match[1]} needs a value`);
    }
    flags.set(match[1]!, value);
  }
  const token = env.LOCALSTACK_AUTH_TOKEN;
  if (!token || token.trim() === '') {
    throw new LocalStackDeployError(
      'TOKEN_MISSING',
      'LOCALSTACK_AUTH_TOKEN is not set: LocalStack needs an auth token since 2026-03-23 (ECS, RDS, ElastiCache, CloudFront are paid features). Use the default moto path instead: npx tsx harness/deploy/cli.ts --endpoint http://127.0.0.1:5000',
    );
  }
  const endpoint = String(flags.get('endpoint') ?? (env.AWS_ENDPOINT_URL || 'http://localhost:4566'));
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LocalStackDeployError(
      'FLAG_INVALID',
      `--endpoint must be a URL like http://localhost:4566, got ${endpoint}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LocalStackDeployError('FLAG_INVALID', `--endpoint must be http(s), got ${url.protocol}`);
  }
  const region = String(flags.get('region') ?? (env.AWS_REGION || 'us-east-1'));
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new LocalStackDeployError('FLAG_INVALID', `--region must look like us-east-1, got ${region}`);
  }
  const stackName = String(flags.get('stack-name') ?? 'Cashflow');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new LocalStackDeployError(
      'FLAG_INVALID',
      `--stack-name must be a CloudFormation stack name, got ${stackName}`,
    );
  }
  const certificateArn = flags.get('certificate-arn');
  if (typeof certificateArn !== 'string' || !/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(certificateArn)) {
    throw new LocalStackDeployError(
      'FLAG_INVALID',
      `--certificate-arn must be the ARN of a certificate imported into LocalStack's ACM (aws acm import-certificate), got ${String(certificateArn ?? 'nothing')}`,
    );
  }
  const base = url.toString().replace(/\/$/, '');
  return {
    command: 'npx',
    args: [
      'cdklocal',
      'deploy',
      stackName,
      '--app',
      'npx tsx infra/bin/app.ts',
      '--method=direct',
      '--require-approval',
      'never',
      '-c',
      `account=${LOCALSTACK_ACCOUNT}`,
      '-c',
      `region=${region}`,
      '-c',
      `stackName=${stackName}`,
      '-c',
      `certificateArn=${certificateArn}`,
      '-c',
      `availabilityZones=${region}a,${region}b`,
    ],
    env: {
      AWS_ENDPOINT_URL: base,
      AWS_ENDPOINT_URL_S3: base,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      CDK_DEFAULT_ACCOUNT: LOCALSTACK_ACCOUNT,
      CDK_DEFAULT_REGION: region,
    },
    endpoint: base,
    dryRun: flags.get('dry-run') === true,
  };
}
