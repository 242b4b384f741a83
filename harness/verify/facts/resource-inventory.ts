import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { ListDistributionsCommand, ListOriginAccessControlsCommand } from '@aws-sdk/client-cloudfront';
import { ListProjectsCommand } from '@aws-sdk/client-codebuild';
import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListClustersCommand, ListServicesCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListBrokersCommand } from '@aws-sdk/client-mq';
import {
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
} from '@aws-sdk/client-rds';
import { GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { paginateListSecrets } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import type { EmulatorClients } from '../../aws/emulator-clients.ts';

/**
 * Lists, through a type's own service API, the ids (names, ARNs) of the resources of that type the
 * emulator holds; `wanted` (the recorded physical ids) serves APIs that can only get one by name.
 */
type Inventory = (clients: EmulatorClients, wanted: readonly string[]) => Promise<Iterable<string>>;

const defined = (values: readonly (string | undefined)[]): string[] => values.filter((v): v is string => !!v);

/** The last path segment of an ARN: a cluster's or task definition's name. */
const nameOf = (arn: string) => arn.split('/').pop() ?? arn;

/**
 * One inventory per resource type the gate can describe. A type missing here is reported as
 * unverified (IAM, CloudWatch Logs and ECR have no client in the harness; ingress rules moto
 * creates have no physical id, and the network check reads them).
 */
export const RESOURCE_INVENTORIES: Readonly<Record<string, Inventory>> = {
  'AWS::EC2::VPC': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId) ?? []),
  'AWS::EC2::Subnet': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeSubnetsCommand({}))).Subnets?.map((s) => s.SubnetId) ?? []),
  'AWS::EC2::RouteTable': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.map((t) => t.RouteTableId) ?? []),
  'AWS::EC2::SubnetRouteTableAssociation': async ({ ec2 }) =>
    (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.flatMap((t) =>
      defined((t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.RouteTableAssociationId, t.RouteTableId] : []))),
    ) ?? [],
  'AWS::EC2::Route': async ({ ec2 }) =>
    (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.flatMap((t) =>
      (t.Routes ?? []).map((r) => `${t.RouteTableId}~${r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock}`),
    ) ?? [],
  'AWS::EC2::InternetGateway': async ({ ec2 }) =>
    defined(
      (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways?.map((g) => g.InternetGatewayId) ?? [],
    ),
  'AWS::EC2::VPCGatewayAttachment': async ({ ec2 }) =>
    defined(
      (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways?.flatMap((g) =>
        (g.Attachments ?? []).map((a) => a.VpcId),
      ) ?? [],
    ),
  'AWS::EC2::NatGateway': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways?.map((g) => g.NatGatewayId) ?? []),
  'AWS::EC2::EIP': async ({ ec2 }) =>
    defined(
      (await ec2.send(new DescribeAddressesCommand({}))).Addresses?.flatMap((a) => [a.PublicIp, a.AllocationId]) ?? [],
    ),
  'AWS::EC2::FlowLog': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.map((f) => f.FlowLogId) ?? []),
  'AWS::EC2::SecurityGroup': async ({ ec2 }) =>
    defined((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.map((g) => g.GroupId) ?? []),
  // The deployer names an egress rule it authorized `<group>|egress|<protocol>|<from>-<to>|<peer>`.
  'AWS::EC2::SecurityGroupEgress': async ({ ec2 }) =>
    (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.flatMap((g) =>
      (g.IpPermissionsEgress ?? []).flatMap((p) =>
        [...(p.UserIdGroupPairs ?? []).map((u) => u.GroupId), ...(p.IpRanges ?? []).map((r) => r.CidrIp)].map(
          (peer) => `${g.GroupId}|egress|${p.IpProtocol}|${p.FromPort}-${p.ToPort}|${peer}`,
        ),
      ),
    ) ?? [],
  'AWS::ECS::Cluster': async ({ ecs }) =>
    ((await ecs.send(new ListClustersCommand({}))).clusterArns ?? []).flatMap((arn) => [arn, nameOf(arn)]),
  'AWS::ECS::Service': async ({ ecs }) => {
    const clusters = (await ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
    const pages = await Promise.all(clusters.map((cluster) => ecs.send(new ListServicesCommand({ cluster }))));
    return pages.flatMap((page) => page.serviceArns ?? []);
  },
  'AWS::ECS::TaskDefinition': async ({ ecs }) =>
    (await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns ?? [],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': async ({ elbv2 }) =>
    defined(
      (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.map((b) => b.LoadBalancerArn) ?? [],
    ),
  'AWS::ElasticLoadBalancingV2::TargetGroup': async ({ elbv2 }) =>
    defined((await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.map((g) => g.TargetGroupArn) ?? []),
  'AWS::ElasticLoadBalancingV2::Listener': async (clients) => (await listeners(clients)).map((l) => l.arn),
  'AWS::ElasticLoadBalancingV2::ListenerRule': async (clients) => {
    const pages = await Promise.all(
      (await listeners(clients)).map((l) => clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.arn }))),
    );
    return defined(pages.flatMap((page) => page.Rules?.map((r) => r.RuleArn) ?? []));
  },
  'AWS::RDS::DBInstance': async ({ rds }) =>
    defined((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((i) => i.DBInstanceIdentifier) ?? []),
  'AWS::RDS::DBSubnetGroup': async ({ rds }) =>
    defined(
      (await rds.send(new DescribeDBSubnetGroupsCommand({}))).DBSubnetGroups?.map((g) => g.DBSubnetGroupName) ?? [],
    ),
  'AWS::RDS::DBParameterGroup': async ({ rds }) =>
    defined(
      (await rds.send(new DescribeDBParameterGroupsCommand({}))).DBParameterGroups?.map(
        (g) => g.DBParameterGroupName,
      ) ?? [],
    ),
  'AWS::SecretsManager::Secret': secrets,
  // The attachment's id is its secret's ARN: the secret with the endpoint written into it.
  'AWS::SecretsManager::SecretTargetAttachment': secrets,
  'AWS::SSM::Parameter': async ({ ssm }) => {
    const names: string[] = [];
    for await (const page of paginateDescribeParameters({ client: ssm, stopOnSameToken: true }, {}))
      names.push(...defined(page.Parameters?.map((p) => p.Name) ?? []));
    return names;
  },
  'AWS::S3::Bucket': async ({ s3 }) =>
    defined((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name) ?? []),
  'AWS::S3::BucketPolicy': async ({ s3 }) => {
    const buckets = defined((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name) ?? []);
    const withPolicy = await Promise.all(
      buckets.map((Bucket) =>
        s3.send(new GetBucketPolicyCommand({ Bucket })).then(
          (answer) => (answer.Policy ? Bucket : undefined),
          () => undefined,
        ),
      ),
    );
    return defined(withPolicy);
  },
  'AWS::AmazonMQ::Broker': async ({ mq }) =>
    defined(
      (await mq.send(new ListBrokersCommand({}))).BrokerSummaries?.flatMap((b) => [b.BrokerId, b.BrokerArn]) ?? [],
    ),
  'AWS::ElastiCache::ReplicationGroup': async ({ elastiCache }) =>
    defined(
      (await elastiCache.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups?.map(
        (g) => g.ReplicationGroupId,
      ) ?? [],
    ),
  'AWS::ElastiCache::SubnetGroup': async ({ elastiCache }) =>
    defined(
      (await elastiCache.send(new DescribeCacheSubnetGroupsCommand({}))).CacheSubnetGroups?.map(
        (g) => g.CacheSubnetGroupName,
      ) ?? [],
    ),
  'AWS::CloudFront::Distribution': async ({ cloudFront }) =>
    defined((await cloudFront.send(new ListDistributionsCommand({}))).DistributionList?.Items?.map((d) => d.Id) ?? []),
  'AWS::CloudFront::OriginAccessControl': async ({ cloudFront }) =>
    defined(
      (await cloudFront.send(new ListOriginAccessControlsCommand({}))).OriginAccessControlList?.Items?.map(
        (o) => o.Id,
      ) ?? [],
    ),
  'AWS::CodeBuild::Project': async ({ codeBuild }) =>
    (await codeBuild.send(new ListProjectsCommand({}))).projects ?? [],
  // One GetPipeline per recorded name. moto's pipeline answers carry a timestamp the SDK rejects.
  'AWS::CodePipeline::Pipeline': async ({ codePipeline }, wanted) => {
    const found = await Promise.all(
      wanted.map((name) =>
        codePipeline.send(new GetPipelineCommand({ name })).then(
          (answer) => answer.pipeline?.name,
          // Only "not found" says it is missing; an answer the SDK cannot read leaves the type unverified.
          (error: Error) => (error.name === 'PipelineNotFoundException' ? undefined : Promise.reject(error)),
        ),
      ),
    );
    return defined(found);
  },
  'AWS::ApplicationAutoScaling::ScalableTarget': async ({ autoScaling }) =>
    (await autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets?.map(
      (t) => `${t.ResourceId}|${t.ScalableDimension}|${t.ServiceNamespace}`,
    ) ?? [],
  'AWS::ApplicationAutoScaling::ScalingPolicy': async ({ autoScaling }) =>
    defined(
      (
        await autoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }))
      ).ScalingPolicies?.flatMap((p) => [p.PolicyName, p.PolicyARN]) ?? [],
    ),
};

async function secrets({ secretsManager }: EmulatorClients): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListSecrets({ client: secretsManager, stopOnSameToken: true }, {}))
    ids.push(...defined(page.SecretList?.flatMap((s) => [s.Name, s.ARN]) ?? []));
  return ids;
}

async function listeners({ elbv2 }: EmulatorClients): Promise<{ arn: string }[]> {
  const balancers = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const pages = await Promise.all(
    balancers.map((b) => elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: b.LoadBalancerArn }))),
  );
  return defined(pages.flatMap((page) => page.Listeners?.map((l) => l.ListenerArn) ?? [])).map((arn) => ({ arn }));
}
