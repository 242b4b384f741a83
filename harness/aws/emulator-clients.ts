import { ACMClient } from '@aws-sdk/client-acm';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { MqClient } from '@aws-sdk/client-mq';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { HarnessError } from '../core/harness-error.ts';
import { EMULATOR_CREDENTIALS } from '../emulator/started-emulator.ts';

/** Where the emulator answers and as whom to call it. */
export interface EmulatorTarget {
  /** e.g. `http://127.0.0.1:5000`; one endpoint for every service (moto server, LocalStack). */
  readonly endpoint: string;
  readonly region: string;
  /** The account the emulator reports; moto's default is 123456789012. */
  readonly accountId: string;
  /**
   * Attempts per call. The deploy keeps the default: a retried CreateStack after a server error
   * reports "already exists" and hides the cause. Readers may retry.
   * @default 1 (no retries)
   */
  readonly maxAttempts?: number;
}

/** One SDK client per AWS service the harness talks to (deploy, launch, checks), all pointed at the emulator. */
export interface EmulatorClients {
  readonly target: EmulatorTarget;
  readonly acm: ACMClient;
  readonly autoScaling: ApplicationAutoScalingClient;
  readonly cloudFormation: CloudFormationClient;
  readonly cloudFront: CloudFrontClient;
  readonly codeBuild: CodeBuildClient;
  readonly codePipeline: CodePipelineClient;
  readonly ec2: EC2Client;
  readonly ecs: ECSClient;
  readonly elastiCache: ElastiCacheClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly mq: MqClient;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
}

/**
 * Builds the clients with fixed test credentials: emulators accept any, and using fixed ones
 * keeps a developer's real AWS profile from ever being read.
 */
export function createEmulatorClients(target: EmulatorTarget): EmulatorClients {
  const url = new URL(target.endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HarnessError('OPTION_INVALID', `emulator endpoint must be an http(s) URL, got ${target.endpoint}`);
  }
  const config = {
    endpoint: url.toString().replace(/\/$/, ''),
    region: target.region,
    credentials: { ...EMULATOR_CREDENTIALS },
    maxAttempts: target.maxAttempts ?? 1,
  };
  return {
    target,
    acm: new ACMClient(config),
    autoScaling: new ApplicationAutoScalingClient(config),
    cloudFormation: new CloudFormationClient(config),
    cloudFront: new CloudFrontClient(config),
    codeBuild: new CodeBuildClient(config),
    codePipeline: new CodePipelineClient(config),
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    elastiCache: new ElastiCacheClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    mq: new MqClient(config),
    rds: new RDSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    secretsManager: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  };
}

/** Closes every client's sockets. */
export function destroyEmulatorClients(clients: EmulatorClients): void {
  for (const value of Object.values(clients)) {
    if (value && typeof value === 'object' && 'destroy' in value && typeof value.destroy === 'function') {
      value.destroy();
    }
  }
}
