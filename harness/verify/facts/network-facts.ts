import { DescribeSecurityGroupsCommand, type EC2Client, type IpPermission } from '@aws-sdk/client-ec2';
import type { RecordedSecurityGroups } from '../../deploy/record-security-groups.ts';
import type { ComposeProject } from '../../launch/index.ts';
import type { NetworkInput, NetworkRule } from '../network.ts';

/** The managed service that stands for each compose data server, by the server's image. */
const MANAGED_SERVERS: Readonly<Record<string, { readonly type: string; readonly endpoint: string }>> = {
  postgres: { type: 'AWS::RDS::DBInstance', endpoint: 'rds' },
  rabbitmq: { type: 'AWS::AmazonMQ::Broker', endpoint: 'mq' },
  redis: { type: 'AWS::ElastiCache::ReplicationGroup', endpoint: 'elasticache' },
};

export interface NetworkFactsSource {
  readonly ec2: EC2Client;
  readonly compose: ComposeProject;
  /** The compose service whose nginx is the proxy; in aws the ALB stands for it (`gateway`). */
  readonly proxy: string;
  readonly appServices: readonly string[];
  readonly record: {
    readonly securityGroups: RecordedSecurityGroups;
    readonly endpoints?: readonly { readonly kind: string; readonly port: number }[];
  };
  /** Each deployed service's container port (the ALB's target port). */
  readonly containerPorts: Readonly<Record<string, number>>;
}

/**
 * The network facts: which servers each compose service uses (the compose hosts its environment
 * names), and the deployed security groups. Ingress rules are read from the emulator's EC2 API;
 * egress rules and which resource runs in which group come from the deploy record, because moto
 * replaces egress with an allow-all default and drops the groups of ECS services, RDS and ElastiCache.
 */
export async function readNetworkFacts(source: NetworkFactsSource): Promise<NetworkInput> {
  const { record } = source;
  const { needs, dataServers, serverByType } = composeNetworkNeeds(source);

  const recorded = record.securityGroups;
  const members: Record<string, string[]> = {};
  for (const member of recorded.members) {
    const name =
      member.type === 'AWS::ECS::Service'
        ? member.name
        : member.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer'
          ? 'gateway'
          : serverByType.get(member.type);
    if (name !== undefined) members[name] = [...(members[name] ?? []), ...member.groupIds];
  }
  const { SecurityGroups: live = [] } = await source.ec2.send(new DescribeSecurityGroupsCommand({}));
  const groups: NetworkInput['groups'] = Object.fromEntries(
    recorded.groups.map((group) => {
      const found = live.find((g) => g.GroupId === group.groupId);
      return [group.groupId, { ingress: (found?.IpPermissions ?? []).flatMap(rulesOf), egress: group.egress }];
    }),
  );
  return { groups, members, needs, dataServers };
}

/**
 * The paths compose wires: each app service to each data server its environment names, on the
 * port the deploy recorded for that server's managed endpoint, and the proxy (`gateway`) to each
 * service on its deployed container port. Also which managed resource type stands for which server.
 */
export function composeNetworkNeeds(
  source: Pick<NetworkFactsSource, 'compose' | 'proxy' | 'appServices' | 'containerPorts'> & {
    readonly record: Pick<NetworkFactsSource['record'], 'endpoints'>;
  },
): Pick<NetworkInput, 'needs' | 'dataServers'> & { serverByType: Map<string, string> } {
  const { compose, record } = source;
  const engineOf = (name: string) => {
    const image = compose.services[name]?.image ?? '';
    return image.split(':')[0]!.split('/').pop()!;
  };
  const dataServers: Record<string, number> = {};
  const serverByType = new Map<string, string>();
  const needs: { from: string; to: string; port: number }[] = [];
  for (const from of source.appServices) {
    for (const [to, composePort] of referencedHosts(compose, from)) {
      const managed = MANAGED_SERVERS[engineOf(to)];
      if (managed === undefined) continue;
      const port = record.endpoints?.find((e) => e.kind === managed.endpoint)?.port ?? composePort;
      if (port === undefined) continue;
      dataServers[to] = port;
      serverByType.set(managed.type, to);
      needs.push({ from, to, port });
    }
  }
  for (const [to] of referencedHosts(compose, source.proxy)) {
    const port = source.containerPorts[to];
    if (port !== undefined) needs.push({ from: 'gateway', to, port });
  }
  return { needs, dataServers, serverByType };
}

/** The compose services `name`'s environment points at (URL hosts and `host:port` values), with the port named. */
function referencedHosts(compose: ComposeProject, name: string): Map<string, number | undefined> {
  const hosts = new Map<string, number | undefined>();
  for (const value of Object.values(compose.services[name]?.environment ?? {})) {
    let host: string | undefined;
    let port: number | undefined;
    if (URL.canParse(value) && value.includes('://')) {
      const url = new URL(value);
      host = url.hostname;
      port = url.port === '' ? undefined : Number(url.port);
    } else {
      // `auth:3001` (an nginx upstream): a URL parser would read `auth:` as a scheme.
      const match = /^([a-z0-9][a-z0-9_.-]*):(\d+)$/i.exec(value);
      host = match?.[1];
      port = match === null ? undefined : Number(match[2]);
    }
    if (host !== undefined && host !== name && compose.services[host] !== undefined) hosts.set(host, port);
  }
  return hosts;
}

/** One EC2 permission as rules, one per peer. */
function rulesOf(permission: IpPermission): NetworkRule[] {
  const base = {
    protocol: permission.IpProtocol ?? '-1',
    ...(permission.FromPort === undefined ? {} : { fromPort: permission.FromPort }),
    ...(permission.ToPort === undefined ? {} : { toPort: permission.ToPort }),
  };
  return [
    ...(permission.IpRanges ?? []).map((r) => ({ ...base, cidr: r.CidrIp ?? '' })),
    ...(permission.Ipv6Ranges ?? []).map((r) => ({ ...base, cidr: r.CidrIpv6 ?? '' })),
    ...(permission.UserIdGroupPairs ?? []).map((p) => ({ ...base, groupId: p.GroupId ?? '' })),
  ];
}
