import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

function refs(value: unknown): string[] {
  return (value as { Ref: string }[]).map((v) => v.Ref);
}

describe('placement in private subnets', () => {
  let stack: Synthesized;
  let privateSubnets: string[];
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    privateSubnets = resourcesOfType(stack, 'AWS::EC2::Subnet')
      .filter(([, s]) => s.Properties.MapPublicIpOnLaunch === false)
      .map(([id]) => id);
  });

  it('runs every ECS service in the private subnets without a public IP', () => {
    // THEN
    const services = resourcesOfType(stack, 'AWS::ECS::Service');
    expect(services).toHaveLength(3);
    for (const [, service] of services) {
      const awsvpc = (service.Properties.NetworkConfiguration as { AwsvpcConfiguration: Record<string, unknown> })
        .AwsvpcConfiguration;
      expect(awsvpc.AssignPublicIp).toBe('DISABLED');
      expect(refs(awsvpc.Subnets).sort()).toEqual([...privateSubnets].sort());
    }
  });

  it('puts the RDS subnet group in the private subnets', () => {
    // THEN
    const [, group] = onlyResource(stack, 'AWS::RDS::DBSubnetGroup');
    expect(refs(group.Properties.SubnetIds).sort()).toEqual([...privateSubnets].sort());
  });

  it('puts the broker in the private subnets', () => {
    // THEN
    const [, broker] = onlyResource(stack, 'AWS::AmazonMQ::Broker');
    expect(refs(broker.Properties.SubnetIds).every((id) => privateSubnets.includes(id))).toBe(true);
  });

  it('puts the Redis subnet group in the private subnets', () => {
    // THEN
    const [, group] = onlyResource(stack, 'AWS::ElastiCache::SubnetGroup');
    expect(refs(group.Properties.SubnetIds).sort()).toEqual([...privateSubnets].sort());
  });

  it('puts the ALB in the public subnets', () => {
    // THEN
    const publicSubnets = resourcesOfType(stack, 'AWS::EC2::Subnet')
      .filter(([, s]) => s.Properties.MapPublicIpOnLaunch === true)
      .map(([id]) => id);
    stack.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: publicSubnets.map((id) => ({ Ref: id })),
    });
  });
});
