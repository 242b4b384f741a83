import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, synth, type Synthesized } from './fixtures.ts';

describe('Network', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth({ availabilityZones: ['eu-west-1b', 'eu-west-1c'] });
  });

  it('places subnets only in the two AZs it is given, never in placeholder AZs', () => {
    // THEN
    const azs = resourcesOfType(stack, 'AWS::EC2::Subnet').map(([, s]) => s.Properties.AvailabilityZone);
    expect(new Set(azs)).toEqual(new Set(['eu-west-1b', 'eu-west-1c']));
    expect(JSON.stringify(stack.json)).not.toContain('dummy');
  });

  it('has one public and one private subnet per AZ', () => {
    // THEN
    const subnets = resourcesOfType(stack, 'AWS::EC2::Subnet').map(([, s]) => s.Properties);
    expect(subnets.filter((s) => s.MapPublicIpOnLaunch === true)).toHaveLength(2);
    expect(subnets.filter((s) => s.MapPublicIpOnLaunch === false)).toHaveLength(2);
  });

  it('defaults the AZs to <region>a and <region>b', () => {
    // GIVEN / WHEN
    const defaulted = synth({ region: 'us-east-2' });
    // THEN
    const azs = resourcesOfType(defaulted, 'AWS::EC2::Subnet').map(([, s]) => s.Properties.AvailabilityZone);
    expect(new Set(azs)).toEqual(new Set(['us-east-2a', 'us-east-2b']));
  });

  it('records VPC flow logs to CloudWatch', () => {
    // THEN
    stack.template.resourceCountIs('AWS::EC2::FlowLog', 1);
    stack.template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 'cloud-watch-logs',
      TrafficType: 'ALL',
    });
  });
});
