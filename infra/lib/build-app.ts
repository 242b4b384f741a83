import { App } from 'aws-cdk-lib';
import { CashflowStack, type CashflowStackProps } from './cashflow-stack.ts';
import { requireMatch } from './validate.ts';

/** The stack name used when none is given. */
export const DEFAULT_STACK_NAME = 'Cashflow';

/** Props of {@link buildApp} / {@link addCashflowStack}: the stack props with the target account and region. */
export interface BuildAppProps extends Omit<CashflowStackProps, 'env' | 'stackName'> {
  /** 12-digit AWS account id the template is for. */
  readonly account: string;
  /** Region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * CloudFormation stack name (also the construct id).
   * @default 'Cashflow'
   */
  readonly stackName?: string;
}

/** Options of {@link buildApp} that are about synthesis, not the stack. */
export interface BuildAppOptions {
  /**
   * Directory the cloud assembly is written to on `app.synth()`.
   * @default - a temporary directory
   */
  readonly outdir?: string;
  /**
   * Run CDK's built-in CloudFormation schema validation during `app.synth()` (findings are
   * warnings in the validation report). It costs several seconds per synthesis.
   * @default false
   */
  readonly validateTemplate?: boolean;
}

/**
 * Adds the cashflow stack to an existing app (the CDK CLI's, which carries `-c` context).
 * Synthesis needs no lookups: account, region and AZs are all explicit.
 */
export function addCashflowStack(app: App, props: BuildAppProps): CashflowStack {
  requireMatch('buildApp', 'account', props.account, /^\d{12}$/, 'a 12-digit AWS account id');
  requireMatch('buildApp', 'region', props.region, /^[a-z]{2}(-[a-z]+)+-\d$/, 'a region like eu-west-1');
  const stackName = props.stackName ?? DEFAULT_STACK_NAME;
  requireMatch('buildApp', 'stackName', stackName, /^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name');
  const { account, region, ...stackProps } = props;
  return new CashflowStack(app, stackName, {
    ...stackProps,
    stackName,
    env: { account, region },
    description:
      'cashflow: Fargate services, RDS PostgreSQL, Amazon MQ, ElastiCache, S3 + CloudFront, delivery pipeline',
  });
}

/**
 * Builds a fresh app holding only the cashflow stack, for in-process synthesis (tests, the harness):
 * `const { app, stack } = buildApp({...}); app.synth().getStackArtifact(stack.artifactId).template`.
 */
export function buildApp(props: BuildAppProps, options: BuildAppOptions = {}): { app: App; stack: CashflowStack } {
  const app = new App({ outdir: options.outdir, builtinCloudFormationValidation: options.validateTemplate ?? false });
  const stack = addCashflowStack(app, props);
  return { app, stack };
}
