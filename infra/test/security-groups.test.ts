import { beforeAll, describe, expect, it } from 'vitest';
import { groupId, logicalIdOf, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

interface Rule {
  readonly group: string;
  readonly peer: string;
  readonly port: string;
}

/** Every ingress rule of the template, inline or standalone, as `group <- peer : port`. */
function ingressRules(stack: Synthesized): Rule[] {
  const rules: Rule[] = [];
  const name = (value: unknown): string =>
    typeof value === 'object' && value !== null && 'Fn::GetAtt' in value
      ? (value as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]
      : JSON.stringify(value);
  for (const [id, sg] of resourcesOfType(stack, 'AWS::EC2::SecurityGroup')) {
    for (const rule of (sg.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[]) {
      rules.push({
        group: id,
        peer: String(rule.CidrIp ?? name(rule.SourceSecurityGroupId)),
        port: `${rule.FromPort}-${rule.ToPort}`,
      });
    }
  }
  for (const [, rule] of resourcesOfType(stack, 'AWS::EC2::SecurityGroupIngress')) {
    const p = rule.Properties;
    rules.push({
      group: name(p.GroupId),
      peer: String(p.CidrIp ?? name(p.SourceSecurityGroupId)),
      port: `${p.FromPort}-${p.ToPort}`,
    });
  }
  return rules;
}

describe('security groups', () => {
  let stack: Synthesized;
  let ids: Record<string, string>;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    const sg = (fragment: string) => logicalIdOf(stack, 'AWS::EC2::SecurityGroup', fragment);
    ids = {
      alb: sg('Security Group for ELB'),
      auth: sg('auth: in from the ALB'),
      cashflow: sg('cashflow: in from the ALB'),
      consolidated: sg('consolidated: in from the ALB'),
      db: sg('RDS PostgreSQL'),
      mq: sg('Amazon MQ'),
      redis: sg('ElastiCache Redis'),
    };
  });

  it('admits exactly services -> RDS 5432, -> MQ 5671, -> Redis 6379, ALB -> services and the internet -> ALB', () => {
    // THEN
    const expected: Rule[] = [
      { group: ids.db!, peer: ids.auth!, port: '5432-5432' },
      { group: ids.db!, peer: ids.cashflow!, port: '5432-5432' },
      { group: ids.db!, peer: ids.consolidated!, port: '5432-5432' },
      { group: ids.mq!, peer: ids.cashflow!, port: '5671-5671' },
      { group: ids.mq!, peer: ids.consolidated!, port: '5671-5671' },
      { group: ids.redis!, peer: ids.auth!, port: '6379-6379' },
      { group: ids.redis!, peer: ids.cashflow!, port: '6379-6379' },
      { group: ids.redis!, peer: ids.consolidated!, port: '6379-6379' },
      { group: ids.auth!, peer: ids.alb!, port: '3001-3001' },
      { group: ids.cashflow!, peer: ids.alb!, port: '3002-3002' },
      { group: ids.consolidated!, peer: ids.alb!, port: '3003-3003' },
      { group: ids.alb!, peer: '0.0.0.0/0', port: '443-443' },
      { group: ids.alb!, peer: '0.0.0.0/0', port: '80-80' },
    ];
    const key = (r: Rule) => `${r.group} <- ${r.peer} : ${r.port}`;
    expect(ingressRules(stack).map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('gives auth a route to RDS and Redis (its shared rate limit), none to the broker', () => {
    // THEN
    const authEgress = resourcesOfType(stack, 'AWS::EC2::SecurityGroupEgress')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId) === JSON.stringify(groupId(ids.auth!)));
    expect(authEgress.map((p) => p.FromPort).sort()).toEqual([5432, 6379]);
  });

  it('lets the data stores open no outbound connection', () => {
    // THEN
    for (const id of [ids.db!, ids.mq!, ids.redis!]) {
      const egress = stack.resources[id]!.Properties.SecurityGroupEgress as { CidrIp: string }[];
      expect(egress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ]);
    }
  });

  it('lets the services out only on HTTPS to the internet besides their data stores', () => {
    // THEN
    for (const service of ['auth', 'cashflow', 'consolidated']) {
      const egress = stack.resources[ids[service]!]!.Properties.SecurityGroupEgress;
      expect(egress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })]);
    }
  });
});
