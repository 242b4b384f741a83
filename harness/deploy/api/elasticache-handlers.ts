import { awsErrorName } from '../../aws/index.ts';
import {
  CreateCacheSubnetGroupCommand,
  CreateReplicationGroupCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { physicalName, stringListProp, stringProp, type ApiResourceHandler } from './api-resource-handler.ts';
import { HarnessError } from '../../core/harness-error.ts';

/** `AWS::ElastiCache::SubnetGroup` through CreateCacheSubnetGroup; `Ref` is its name. */
export const cacheSubnetGroupHandler: ApiResourceHandler = {
  type: 'AWS::ElastiCache::SubnetGroup',
  async ensure(context) {
    const { clients } = context;
    const name =
      stringProp(context, 'CacheSubnetGroupName')?.toLowerCase() ??
      physicalName(context.stackName, context.logicalId, { maxLength: 255, lowercase: true });
    const existing = await clients.elastiCache
      .send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: name }))
      .catch((error) => {
        if (awsErrorName(error) === 'CacheSubnetGroupNotFoundFault') return undefined;
        throw error;
      });
    const found = existing?.CacheSubnetGroups?.[0];
    const group =
      found ??
      (
        await clients.elastiCache.send(
          new CreateCacheSubnetGroupCommand({
            CacheSubnetGroupName: name,
            CacheSubnetGroupDescription: stringProp(context, 'Description') ?? name,
            SubnetIds: stringListProp(context, 'SubnetIds') ?? [],
          }),
        )
      ).CacheSubnetGroup;
    return {
      ref: name,
      attributes: {},
      physicalId: name,
      arn: group?.ARN,
      reused: found !== undefined,
      detail: found
        ? `elasticache:DescribeCacheSubnetGroups found ${name}`
        : `elasticache:CreateCacheSubnetGroup ${name}`,
    };
  },
};

/**
 * `AWS::ElastiCache::ReplicationGroup` through CreateReplicationGroup. A group found by id is
 * reused as it is: its AUTH token comes from a secret that keeps its value across deploys (and
 * moto has no ModifyReplicationGroup to set it again).
 */
export const replicationGroupHandler: ApiResourceHandler = {
  type: 'AWS::ElastiCache::ReplicationGroup',
  async ensure(context) {
    const { clients } = context;
    const props = context.properties;
    const id =
      stringProp(context, 'ReplicationGroupId')?.toLowerCase() ??
      physicalName(context.stackName, context.logicalId, { maxLength: 40, lowercase: true });
    const describe = async (): Promise<ReplicationGroup | undefined> => {
      const answer = await clients.elastiCache
        .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))
        .catch((error) => {
          if (awsErrorName(error) === 'ReplicationGroupNotFoundFault') return undefined;
          throw error;
        });
      return answer?.ReplicationGroups?.[0];
    };
    const found = await describe();
    if (!found) {
      await clients.elastiCache.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: id,
          ReplicationGroupDescription: stringProp(context, 'ReplicationGroupDescription') ?? id,
          Engine: stringProp(context, 'Engine'),
          EngineVersion: stringProp(context, 'EngineVersion'),
          CacheNodeType: stringProp(context, 'CacheNodeType'),
          NumCacheClusters: numberValue(props.NumCacheClusters),
          NumNodeGroups: numberValue(props.NumNodeGroups),
          ReplicasPerNodeGroup: numberValue(props.ReplicasPerNodeGroup),
          AutomaticFailoverEnabled: booleanValue(props.AutomaticFailoverEnabled),
          MultiAZEnabled: booleanValue(props.MultiAZEnabled),
          TransitEncryptionEnabled: booleanValue(props.TransitEncryptionEnabled),
          AtRestEncryptionEnabled: booleanValue(props.AtRestEncryptionEnabled),
          AuthToken: stringProp(context, 'AuthToken'),
          CacheSubnetGroupName: stringProp(context, 'CacheSubnetGroupName'),
          CacheParameterGroupName: stringProp(context, 'CacheParameterGroupName'),
          SecurityGroupIds: stringListProp(context, 'SecurityGroupIds'),
          Port: numberValue(props.Port),
          Tags: [
            { Key: 'harness:stack', Value: context.stackName },
            { Key: 'harness:logical-id', Value: context.logicalId },
          ],
        }),
      );
    }
    const group = await describe();
    if (!group)
      throw new HarnessError(
        'EMULATOR_ANSWER_INVALID',
        `${context.logicalId}: replication group ${id} not found after creation`,
      );
    const primary = group.NodeGroups?.[0]?.PrimaryEndpoint;
    const reader = group.NodeGroups?.[0]?.ReaderEndpoint;
    const configuration = group.ConfigurationEndpoint;
    return {
      ref: id,
      attributes: {
        'PrimaryEndPoint.Address': primary?.Address,
        'PrimaryEndPoint.Port': primary?.Port === undefined ? undefined : String(primary.Port),
        'ReaderEndPoint.Address': reader?.Address,
        'ReaderEndPoint.Port': reader?.Port === undefined ? undefined : String(reader.Port),
        'ConfigurationEndPoint.Address': configuration?.Address,
        'ConfigurationEndPoint.Port': configuration?.Port === undefined ? undefined : String(configuration.Port),
      },
      physicalId: id,
      arn: group.ARN,
      reused: found !== undefined,
      detail: found ? `elasticache:DescribeReplicationGroups found ${id}` : `elasticache:CreateReplicationGroup ${id}`,
    };
  },
};

function numberValue(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function booleanValue(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}
