import { Fn } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireMatch, requireOneOf } from './validate.ts';

/** AMQP over TLS: the only listener Amazon MQ for RabbitMQ offers. */
export const AMQPS_PORT = 5671;

/** How the broker is deployed; the Amazon MQ `DeploymentMode` values for RabbitMQ. */
export type BrokerDeploymentMode = 'SINGLE_INSTANCE' | 'CLUSTER_MULTI_AZ';

/** Props of {@link MessageBroker}. */
export interface MessageBrokerProps {
  /** The VPC; the broker's endpoints go into its private subnets. */
  readonly vpc: ec2.IVpc;
  /** Broker name, unique in the account and region (1-50 letters, digits, - or _). */
  readonly brokerName: string;
  /** The private subnets. A single instance uses the first one. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * `CLUSTER_MULTI_AZ` (three nodes over AZs) for production; `SINGLE_INSTANCE` for dev.
   * @default 'CLUSTER_MULTI_AZ'
   */
  readonly deploymentMode?: BrokerDeploymentMode;
  /**
   * Broker instance type; clusters need mq.m5.large or larger.
   * @default 'mq.m5.large'
   */
  readonly hostInstanceType?: string;
  /**
   * RabbitMQ engine version (major.minor; minor upgrades are automatic).
   * @default '3.13'
   */
  readonly engineVersion?: string;
  /**
   * The broker user the services connect as (its password is generated).
   * @default 'cashflow'
   */
  readonly username?: string;
}

/**
 * Amazon MQ for RabbitMQ, private, TLS only, with its user's credentials generated into a
 * Secrets Manager secret (`{username, password}`) that the broker reads through dynamic references.
 */
export class MessageBroker extends Construct {
  /** The broker. */
  public readonly broker: amazonmq.CfnBroker;
  /** `{username, password}`; the password has no `,`, `:` or `=` (Amazon MQ rejects them). */
  public readonly secret: secretsmanager.Secret;
  /** Only the services' security groups are allowed in, on {@link AMQPS_PORT}. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** `amqps://b-<id>.mq.<region>.amazonaws.com:5671`, the first of the broker's AMQP endpoints. */
  public readonly amqpEndpoint: string;

  constructor(scope: Construct, id: string, props: MessageBrokerProps) {
    super(scope, id);
    const deploymentMode = props.deploymentMode ?? 'CLUSTER_MULTI_AZ';
    requireOneOf('MessageBroker', 'deploymentMode', deploymentMode, ['SINGLE_INSTANCE', 'CLUSTER_MULTI_AZ']);
    const engineVersion = props.engineVersion ?? '3.13';
    requireMatch(
      'MessageBroker',
      'engineVersion',
      engineVersion,
      /^(3\.1[3-9]|[4-9]\.\d+)$/,
      '3.13 or newer (major.minor)',
    );
    const hostInstanceType = props.hostInstanceType ?? 'mq.m5.large';
    requireMatch(
      'MessageBroker',
      'hostInstanceType',
      hostInstanceType,
      /^mq\.[a-z0-9]+\.[a-z0-9]+$/,
      'like mq.m5.large',
    );
    if (deploymentMode === 'CLUSTER_MULTI_AZ' && hostInstanceType.startsWith('mq.t3.')) {
      throw new Error(
        `MessageBroker: prop 'hostInstanceType' ${hostInstanceType} cannot run a CLUSTER_MULTI_AZ broker`,
      );
    }
    requireMatch(
      'MessageBroker',
      'brokerName',
      props.brokerName,
      /^[a-zA-Z0-9_-]{1,50}$/,
      '1-50 letters, digits, - or _',
    );
    const username = props.username ?? 'cashflow';
    requireMatch('MessageBroker', 'username', username, /^[a-zA-Z0-9_-]{2,100}$/, '2-100 letters, digits, - or _');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Amazon MQ: AMQPS ingress from the services only',
      allowAllOutbound: false,
    });

    this.secret = new secretsmanager.Secret(this, 'Credentials', {
      description: 'Amazon MQ broker user for the cashflow services',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Letters and digits only: Amazon MQ rejects , : = and the value may sit in an amqps:// URL.
        excludePunctuation: true,
      },
    });

    const subnetIds = props.vpc.selectSubnets(props.subnets).subnetIds;
    this.broker = new amazonmq.CfnBroker(this, 'Broker', {
      brokerName: props.brokerName,
      engineType: 'RABBITMQ',
      engineVersion,
      autoMinorVersionUpgrade: true,
      deploymentMode,
      hostInstanceType,
      publiclyAccessible: false,
      subnetIds: deploymentMode === 'SINGLE_INSTANCE' ? subnetIds.slice(0, 1) : subnetIds,
      securityGroups: [this.securityGroup.securityGroupId],
      encryptionOptions: { useAwsOwnedKey: true },
      logs: { general: true },
      maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '03:00', timeZone: 'UTC' },
      users: [
        {
          username: this.secret.secretValueFromJson('username').unsafeUnwrap(),
          password: this.secret.secretValueFromJson('password').unsafeUnwrap(),
        },
      ],
    });
    this.amqpEndpoint = Fn.select(0, this.broker.attrAmqpEndpoints);

    acknowledgeNagRules(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The broker user is rotated by a runbook: Amazon MQ has no rotation Lambda, and ECS reads the secret only at task start.',
      },
    ]);
  }
}
