import { Command, CommanderError } from 'commander';
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

interface LocalStackDeployFlags {
  readonly endpoint?: string;
  readonly region?: string;
  readonly stackName: string;
  readonly certificateArn?: string;
  readonly dryRun?: true;
}

/** The flags of `npm run deploy:localstack`; the script prints this command's help as its usage. */
export function localStackDeployCommand(): Command {
  return new Command('npm run deploy:localstack --')
    .description('Deploys the CDK app into LocalStack with cdklocal (direct method). Needs LOCALSTACK_AUTH_TOKEN.')
    .option('--endpoint <url>', 'the LocalStack endpoint (default: AWS_ENDPOINT_URL or http://localhost:4566)')
    .option('--region <region>', 'the region to deploy into (default: AWS_REGION or us-east-1)')
    .option('--stack-name <name>', 'the CloudFormation stack name', 'Cashflow')
    .option('--certificate-arn <arn>', "an ACM certificate ARN already imported into LocalStack's ACM (required)")
    .option('--dry-run', 'print the cdklocal call without running it')
    .helpOption(false);
}

function parseFlags(argv: readonly string[]): LocalStackDeployFlags {
  const command = localStackDeployCommand()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const flag = /'(--[\w-]+)/.exec(error.message)?.[1];
    if (error.code === 'commander.optionMissingArgument' && flag !== undefined) {
      throw new LocalStackDeployError('FLAG_INVALID', `${flag} needs a value`);
    }
    const unknown = error.code === 'commander.unknownOption' || error.code === 'commander.excessArguments';
    throw new LocalStackDeployError(
      unknown ? 'FLAG_UNKNOWN' : 'FLAG_INVALID',
      `${error.message.replace(/^error: /, '')} (see docs/deploy.md)`,
    );
  }
  return command.opts<LocalStackDeployFlags>();
}

/**
 * Turns `npm run deploy:localstack -- [flags]` into the `cdklocal deploy --method=direct` call
 * (direct: LocalStack and moto lose outputs on change sets, and no bootstrap stack is needed).
 * Flags: `--endpoint <url>` (default `AWS_ENDPOINT_URL` or http://localhost:4566), `--region`,
 * `--stack-name`, `--certificate-arn` (an ACM ARN already imported there), `--dry-run`.
 * `LOCALSTACK_AUTH_TOKEN` is required: LocalStack's image refuses to start without one.
 */
export function planLocalStackDeploy(argv: readonly string[], env: NodeJS.ProcessEnv): LocalStackDeployPlan {
  const flags = parseFlags(argv);
  const token = env.LOCALSTACK_AUTH_TOKEN;
  if (!token || token.trim() === '') {
    throw new LocalStackDeployError(
      'TOKEN_MISSING',
      'LOCALSTACK_AUTH_TOKEN is not set: LocalStack needs an auth token since 2026-03-23 (ECS, RDS, ElastiCache, CloudFront are paid features). Use the default moto path instead: npx tsx harness/deploy/cli.ts --endpoint http://127.0.0.1:5000',
    );
  }
  const endpoint = flags.endpoint ?? (env.AWS_ENDPOINT_URL || 'http://localhost:4566');
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
  const region = flags.region ?? (env.AWS_REGION || 'us-east-1');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new LocalStackDeployError('FLAG_INVALID', `--region must look like us-east-1, got ${region}`);
  }
  const stackName = flags.stackName;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new LocalStackDeployError(
      'FLAG_INVALID',
      `--stack-name must be a CloudFormation stack name, got ${stackName}`,
    );
  }
  const certificateArn = flags.certificateArn;
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
    dryRun: flags.dryRun === true,
  };
}
