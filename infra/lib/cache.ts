import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Fn } from 'aws-cdk-lib';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireIntegerInRange, requireMatch } from './validate.ts';

/** The Redis port; the same as compose so only the scheme and host differ. */
export const REDIS_PORT = 6379;

/** Props of {@link Cache}. */
export interface CacheProps {
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /** The private subnets for the cache subnet group. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Node type of the primary and its replicas.
   * @default 'cache.t4g.small'
   */
  readonly cacheNodeType?: string;
  /**
   * Redis engine version (7.x).
   * @default '7.1'
   */
  readonly engineVersion?: string;
  /**
   * Nodes in the replication group: one primary and the rest replicas in the other AZ.
   * At least 2, which automatic failover and Multi-AZ need.
   * @default 2
   */
  readonly nodeCount?: number;
  /**
   * Days of daily snapshots kept.
   * @default 1
   */
  readonly snapshotRetentionDays?: number;
}

/**
 * ElastiCache for Redis: a replication group with TLS in transit, encryption at rest,
 * Multi-AZ automatic failover, and an AUTH token generated into Secrets Manager and passed
 * to ElastiCache as a dynamic reference.
 */
export class Cache extends Construct {
  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The AUTH token as a plain secret string (letters and digits, 64 long). */
  public readonly authTokenSecret: secretsmanager.Secret;
  /** Only the services' security groups are allowed in, on {@link REDIS_PORT}. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** `rediss://<primary endpoint>:<port>` (no credentials: the token comes from `REDIS_AUTH_TOKEN`). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? '7.1';
    requireMatch('Cache', 'engineVersion', engineVersion, /^7\.\d+$/, 'a Redis 7.x version like 7.1');
    const nodeCount = props.nodeCount ?? 2;
    requireIntegerInRange('Cache', 'nodeCount', nodeCount, 2, 6);
    const snapshotRetentionDays = props.snapshotRetentionDays ?? 1;
    requireIntegerInRange('Cache', 'snapshotRetentionDays', snapshotRetentionDays, 1, 35);
    const cacheNodeType = props.cacheNodeType ?? 'cache.t4g.small';
    requireMatch('Cache', 'cacheNodeType', cacheNodeType, /^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'like cache.t4g.small');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'ElastiCache Redis: ingress from the services only',
      allowAllOutbound: false,
    });

    this.authTokenSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'ElastiCache Redis AUTH token for the cashflow services',
      generateSecretString: {
        passwordLength: 64,
        // Redis AUTH tokens accept only printable ASCII without @ " / and spaces: letters and digits are always safe.
        excludePunctuation: true,
        includeSpace: false,
      },
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: 'cashflow Redis: private subnets',
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'cashflow report cache and idempotency keys',
      engine: 'redis',
      engineVersion,
      cacheNodeType,
      numCacheClusters: nodeCount,
      port: REDIS_PORT,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authToken: this.authTokenSecret.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      snapshotRetentionLimit: snapshotRetentionDays,
      autoMinorVersionUpgrade: true,
    });
    this.url = Fn.join('', [
      'rediss://',
      this.replicationGroup.attrPrimaryEndPointAddress,
      ':',
      this.replicationGroup.attrPrimaryEndPointPort,
    ]);

    acknowledgeNagRules(this.authTokenSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating an ElastiCache AUTH token needs the ROTATE/SET strategy and a task redeploy; done by a runbook, not a rotation Lambda.',
      },
    ]);
    acknowledgeNagRules(this.replicationGroup, [
      {
        id: 'AwsSolutions-AEC5',
        reason:
          'The default port 6379 is part of the service configuration contract; reachable only from the services.',
      },
    ]);
  }
}
