import { describe, expect, test } from 'vitest';
import { KnownValues } from './known-values.ts';
import { recordSecurityGroups } from './record-security-groups.ts';
import type { CfnTemplate } from './template-types.ts';

const facts = { stackName: 'S', region: 'us-east-1', accountId: '123456789012', availabilityZones: ['us-east-1a'] };
const groupId = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });

const template: CfnTemplate = {
  Resources: {
    DbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }],
      },
    },
    AppSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }] },
    },
    DbFromApp: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: groupId('DbSg'),
        SourceSecurityGroupId: groupId('AppSg'),
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      },
    },
    AppToDb: {
      Type: 'AWS::EC2::SecurityGroupEgress',
      Properties: {
        GroupId: groupId('AppSg'),
        DestinationSecurityGroupId: groupId('DbSg'),
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        ServiceName: 'app',
        NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [groupId('AppSg')] } },
      },
    },
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { VPCSecurityGroups: [groupId('DbSg')] } },
  },
};

describe('recordSecurityGroups', () => {
  test('records each group with its inline and separate rules, and each member with its groups, by physical id', () => {
    const known = new KnownValues(template, facts);
    known.setAttributes('DbSg', 'cloudformation', { GroupId: 'sg-db' });
    known.setAttributes('AppSg', 'cloudformation', { GroupId: 'sg-app' });
    const recorded = recordSecurityGroups(template, known);
    expect(recorded.groups).toEqual([
      {
        logicalId: 'DbSg',
        groupId: 'sg-db',
        ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, groupId: 'sg-app' }],
        egress: [{ protocol: 'icmp', fromPort: 252, toPort: 86, cidr: '255.255.255.255/32' }],
      },
      {
        logicalId: 'AppSg',
        groupId: 'sg-app',
        ingress: [],
        egress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' },
          { protocol: 'tcp', fromPort: 5432, toPort: 5432, groupId: 'sg-db' },
        ],
      },
    ]);
    expect(recorded.members).toEqual([
      { logicalId: 'Service', type: 'AWS::ECS::Service', name: 'app', groupIds: ['sg-app'] },
      { logicalId: 'Db', type: 'AWS::RDS::DBInstance', groupIds: ['sg-db'] },
    ]);
  });
});
