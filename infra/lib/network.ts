import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { requireIntegerInRange, requireMatch } from './validate.ts';

/** Props of {@link Network}. */
export interface NetworkProps {
  /**
   * The two availability zones the VPC spans. Given explicitly so synthesis never needs a
   * context lookup (and never writes `dummy1a` placeholders).
   */
  readonly availabilityZones: readonly string[];
  /**
   * CIDR block of the VPC.
   * @default '10.40.0.0/16'
   */
  readonly cidr?: string;
  /**
   * NAT gateways for the private subnets' egress (ECR pulls, Secrets Manager, logs).
   * One per AZ survives an AZ outage; one in total is cheaper.
   * @default 2
   */
  readonly natGateways?: number;
  /**
   * Days the VPC flow logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The VPC: a public subnet (ALB, NAT) and a private subnet with egress (tasks, RDS, MQ,
 * Redis) in each of two AZs, with flow logs to CloudWatch.
 */
export class Network extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** Where tasks, RDS, MQ and Redis are placed. */
  public readonly privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.availabilityZones.length !== 2) {
      throw new Error(
        `Network: prop 'availabilityZones' must list exactly 2 AZs, got ${props.availabilityZones.length}`,
      );
    }
    props.availabilityZones.forEach((az, i) =>
      requireMatch(
        'Network',
        `availabilityZones[${i}]`,
        az,
        /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/,
        'an AZ name like eu-west-1a',
      ),
    );
    const cidr = props.cidr ?? '10.40.0.0/16';
    requireMatch('Network', 'cidr', cidr, /^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, 'an IPv4 CIDR from /16 to /24');
    const natGateways = props.natGateways ?? 2;
    requireIntegerInRange('Network', 'natGateways', natGateways, 1, 2);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways,
      // The restriction would be a Lambda-backed custom resource; nothing uses the default SG.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });

    Validations.of(this.vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'AZ names are explicit on purpose: synthesis must not look them up, and the emulator needs real names.',
    });

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }
}
