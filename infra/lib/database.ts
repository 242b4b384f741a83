import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireIntegerInRange } from './validate.ts';

/** The PostgreSQL port; the services' `DB_PORT` default, kept so compose and AWS agree. */
export const DATABASE_PORT = 5432;

/** The RDS master user. The services log in with it and create their own databases at start. */
export const DATABASE_ADMIN_USERNAME = 'cashflow_admin';

/** Props of {@link Database}. */
export interface DatabaseProps {
  /** The VPC; the instance goes into its private subnets. */
  readonly vpc: ec2.IVpc;
  /** The private subnets for the DB subnet group. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Instance class and size.
   * @default db.t4g.medium
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Allocated storage in GiB; storage autoscaling may grow it up to four times this.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Days of automated backups (point-in-time recovery window).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Refuse `DeleteDBInstance` until switched off; a snapshot is kept on stack deletion either way.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * RDS for PostgreSQL 16, Multi-AZ, encrypted, TLS forced, with the master credentials
 * generated into a Secrets Manager secret (`{username, password, host, port, dbname, engine}`;
 * `dbname` is the `postgres` maintenance database the services create theirs from).
 */
export class Database extends Construct {
  /** The instance. */
  public readonly instance: rds.DatabaseInstance;
  /** The generated master credentials; attached to the instance so it gains `host` and `port`. */
  public readonly secret: rds.DatabaseSecret;
  /** Only the services' security groups are allowed in, on {@link DATABASE_PORT}. */
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const allocatedStorageGiB = props.allocatedStorageGiB ?? 20;
    requireIntegerInRange('Database', 'allocatedStorageGiB', allocatedStorageGiB, 20, 16384);
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    requireIntegerInRange('Database', 'backupRetentionDays', backupRetentionDays, 1, 35);
    const deletionProtection = props.deletionProtection ?? true;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'RDS PostgreSQL: ingress from the services only',
      allowAllOutbound: false,
    });

    this.secret = new rds.DatabaseSecret(this, 'Secret', {
      username: DATABASE_ADMIN_USERNAME,
      dbname: 'postgres',
      // Only letters and digits: the value may end up in a postgres:// URL or a shell.
      excludeCharacters: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    });
    // The instance leaves a snapshot on deletion; its master password is only in this secret.
    this.secret.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'cashflow: TLS only',
      parameters: { 'rds.force_ssl': '1' },
    });

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      parameterGroup,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      port: DATABASE_PORT,
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
      credentials: rds.Credentials.fromSecret(this.secret),
      multiAz: true,
      storageEncrypted: true,
      allocatedStorage: allocatedStorageGiB,
      maxAllocatedStorage: allocatedStorageGiB * 4,
      storageType: rds.StorageType.GP3,
      backupRetention: Duration.days(backupRetentionDays),
      deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: false,
      publiclyAccessible: false,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
    });

    acknowledgeNagRules(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'ECS resolves secrets only at task start, so rotation needs a coordinated service redeploy; rotated by a runbook, not a rotation Lambda.',
      },
    ]);
    acknowledgeNagRules(this.instance, [
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The default port 5432 is part of the service configuration contract; the port is not exposed outside the VPC.',
      },
      ...(deletionProtection
        ? []
        : [
            {
              id: 'AwsSolutions-RDS10',
              reason:
                'Deletion protection switched off on purpose through the deletionProtection prop (ephemeral environments).',
            },
          ]),
    ]);
  }
}
