import { describe, expect, test } from 'vitest';
import { checkDeployFidelity } from './deploy-fidelity.ts';

describe('checkDeployFidelity', () => {
  test('resources their APIs list give no finding', () => {
    expect(
      checkDeployFidelity({
        resources: [
          { logicalId: 'Vpc', type: 'AWS::EC2::VPC', state: 'present' },
          { logicalId: 'Db', type: 'AWS::RDS::DBInstance', state: 'present' },
        ],
      }),
    ).toEqual([]);
  });

  test('a resource of a completed stack that its API does not list is RESOURCE_MISSING', () => {
    const [found] = checkDeployFidelity({
      resources: [
        {
          logicalId: 'Assoc1',
          type: 'AWS::EC2::SubnetRouteTableAssociation',
          state: 'missing',
          detail: 'no AWS::EC2::SubnetRouteTableAssociation rtb-1 is listed',
        },
      ],
    });
    expect(found).toMatchObject({
      code: 'RESOURCE_MISSING',
      severity: 'error',
      subject: 'AWS::EC2::SubnetRouteTableAssociation/Assoc1',
      aws: 'not in the emulator',
    });
    expect(found?.explanation).toContain('rtb-1');
  });

  test('a resource the deployer removed is RESOURCE_MISSING with its adaptation', () => {
    const [found] = checkDeployFidelity({
      resources: [{ logicalId: 'Spa', type: 'AWS::CloudFront::Function', state: 'removed', detail: 'no API' }],
    });
    expect(found).toMatchObject({ code: 'RESOURCE_MISSING', subject: 'AWS::CloudFront::Function/Spa' });
    expect(found?.explanation).toContain('left it out: no API');
  });

  test('types without a describer are one RESOURCE_UNVERIFIED warning each, naming their resources', () => {
    const findings = checkDeployFidelity({
      resources: [
        { logicalId: 'RoleA', type: 'AWS::IAM::Role', state: 'unverified' },
        { logicalId: 'RoleB', type: 'AWS::IAM::Role', state: 'unverified' },
        { logicalId: 'Logs', type: 'AWS::Logs::LogGroup', state: 'unverified' },
      ],
    });
    expect(findings.map((f) => [f.code, f.severity, f.subject, f.aws])).toEqual([
      ['RESOURCE_UNVERIFIED', 'warning', 'AWS::IAM::Role', 'RoleA, RoleB'],
      ['RESOURCE_UNVERIFIED', 'warning', 'AWS::Logs::LogGroup', 'Logs'],
    ]);
  });
});
