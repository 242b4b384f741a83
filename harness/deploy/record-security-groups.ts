import { substitute } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import type { CfnTemplate } from './template-types.ts';

/** One rule of a security group: to or from a group (by id) or a CIDR, on a protocol and ports. */
interface RecordedSecurityGroupRule {
  /** `tcp`, `udp`, `icmp` or `-1` (every protocol). */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidr?: string;
  /** The peer security group's id. */
  readonly groupId?: string;
}

/** A security group of the deployed template, with every rule the template gives it. */
interface RecordedSecurityGroup {
  readonly logicalId: string;
  readonly groupId: string;
  readonly ingress: readonly RecordedSecurityGroupRule[];
  readonly egress: readonly RecordedSecurityGroupRule[];
}

/** A resource that runs in security groups (an ECS service, a database, a broker, a cache, a load balancer). */
interface RecordedSecurityGroupMember {
  readonly logicalId: string;
  readonly type: string;
  /** ECS services: the service name (`ServiceName`). */
  readonly name?: string;
  readonly groupIds: readonly string[];
}

/**
 * The network the template deploys. moto keeps ingress rules but replaces the egress rules with an
 * allow-all default and drops the groups of ECS services (`networkConfiguration`), RDS instances
 * and ElastiCache replication groups, so the deploy records what it deployed.
 */
export interface RecordedSecurityGroups {
  readonly groups: readonly RecordedSecurityGroup[];
  readonly members: readonly RecordedSecurityGroupMember[];
}

type Props = Record<string, unknown>;

/** Where each member type keeps its security groups. */
const MEMBER_GROUPS: Readonly<Record<string, (props: Props) => unknown>> = {
  'AWS::ECS::Service': (props) =>
    (props.NetworkConfiguration as { AwsvpcConfiguration?: { SecurityGroups?: unknown } } | undefined)
      ?.AwsvpcConfiguration?.SecurityGroups,
  'AWS::RDS::DBInstance': (props) => props.VPCSecurityGroups,
  'AWS::ElastiCache::ReplicationGroup': (props) => props.SecurityGroupIds,
  'AWS::AmazonMQ::Broker': (props) => props.SecurityGroups,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (props) => props.SecurityGroups,
};

/** The security groups of `template`, their rules (inline and separate resources) and their members. */
export function recordSecurityGroups(template: CfnTemplate, known: KnownValues): RecordedSecurityGroups {
  const lookup = known.fullLookup();
  const resolve = (value: unknown) => substitute(value, lookup);
  const groups = new Map<
    string,
    { logicalId: string; groupId: string; ingress: RecordedSecurityGroupRule[]; egress: RecordedSecurityGroupRule[] }
  >();
  const groupIdOf = (logicalId: string) => String(resolve({ 'Fn::GetAtt': [logicalId, 'GroupId'] }));
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::EC2::SecurityGroup') continue;
    const props = resource.Properties ?? {};
    groups.set(groupIdOf(logicalId), {
      logicalId,
      groupId: groupIdOf(logicalId),
      ingress: ((resolve(props.SecurityGroupIngress) ?? []) as Props[]).map((r) => rule(r, 'SourceSecurityGroupId')),
      egress: ((resolve(props.SecurityGroupEgress) ?? []) as Props[]).map((r) => rule(r, 'DestinationSecurityGroupId')),
    });
  }
  const members: RecordedSecurityGroupMember[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = (resource.Properties ?? {}) as Props;
    if (resource.Type === 'AWS::EC2::SecurityGroupIngress' || resource.Type === 'AWS::EC2::SecurityGroupEgress') {
      const resolved = resolve(props) as Props;
      const group = groups.get(String(resolved.GroupId));
      if (resource.Type === 'AWS::EC2::SecurityGroupIngress')
        group?.ingress.push(rule(resolved, 'SourceSecurityGroupId'));
      else group?.egress.push(rule(resolved, 'DestinationSecurityGroupId'));
      continue;
    }
    const read = MEMBER_GROUPS[resource.Type];
    if (read === undefined) continue;
    const ids = resolve(read(props));
    if (!Array.isArray(ids)) continue;
    const name = resource.Type === 'AWS::ECS::Service' ? resolve(props.ServiceName) : undefined;
    members.push({
      logicalId,
      type: resource.Type,
      ...(typeof name === 'string' ? { name } : {}),
      groupIds: ids.map(String),
    });
  }
  return { groups: [...groups.values()], members };
}

function rule(
  props: Props,
  peerKey: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId',
): RecordedSecurityGroupRule {
  const port = (value: unknown) => (value === undefined ? undefined : Number(value));
  const fromPort = port(props.FromPort);
  const toPort = port(props.ToPort);
  const cidr = props.CidrIp ?? props.CidrIpv6;
  const peer = props[peerKey];
  return {
    protocol: String(props.IpProtocol ?? '-1'),
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    ...(typeof cidr === 'string' ? { cidr } : {}),
    ...(typeof peer === 'string' ? { groupId: peer } : {}),
  };
}
