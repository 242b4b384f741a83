import { describe, expect, it } from 'vitest';
import { planTemplate } from './plan-template.ts';
import type { CfnTemplate } from './template-types.ts';

const options = {
  stackName: 'S',
  region: 'eu-west-1',
  accountId: '123456789012',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
};

function template(resources: CfnTemplate['Resources'], extra: Partial<CfnTemplate> = {}): CfnTemplate {
  return { Resources: resources, ...extra };
}

describe('planTemplate', () => {
  it('removes the BootstrapVersion parameter and its rule, and records both', () => {
    const plan = planTemplate(
      template(
        { Q: { Type: 'AWS::SQS::Queue' } },
        {
          Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } },
          Rules: { CheckBootstrapVersion: { Assertions: [] } },
        },
      ),
      options,
    );
    expect(plan.template.Parameters).toEqual({});
    expect(plan.template.Rules).toBeUndefined();
    expect(plan.adaptations.map((a) => [a.logicalId, a.action])).toEqual([
      ['BootstrapVersion', 'removed'],
      ['CheckBootstrapVersion', 'removed'],
    ]);
  });

  it('sorts resources into CloudFormation, API and removed', () => {
    const plan = planTemplate(
      template({
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
        Meta: { Type: 'AWS::CDK::Metadata' },
      }),
      options,
    );
    expect([...plan.cloudFormation]).toEqual(['Vpc']);
    expect([...plan.api]).toEqual(['Secret']);
    expect([...plan.removed.keys()]).toEqual(['Meta']);
    expect(plan.template.Resources.Meta).toBeUndefined();
  });

  it('replaces CDK AZ placeholders with the given AZs', () => {
    const plan = planTemplate(
      template({ Subnet: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'dummy1b', VpcId: 'v' } } }),
      options,
    );
    expect(plan.template.Resources.Subnet!.Properties!.AvailabilityZone).toBe('eu-west-1b');
    expect(plan.adaptations).toContainEqual(expect.objectContaining({ logicalId: 'Subnet', action: 'rewritten' }));
  });

  it('names SSM parameters and ECR repositories, and sets the PostgreSQL port', () => {
    const plan = planTemplate(
      template({
        Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'v' } },
        Repo: { Type: 'AWS::ECR::Repository', Properties: {} },
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } },
      }),
      options,
    );
    expect(plan.template.Resources.Param!.Properties!.Name).toBe('/S/Param');
    expect(plan.template.Resources.Repo!.Properties!.RepositoryName).toBe('s-repo');
    expect(plan.template.Resources.Db!.Properties!.Port).toBe('5432');
    expect(plan.adaptations.filter((a) => a.action === 'rewritten')).toHaveLength(3);
  });

  it('removes, and records, a resource that needs a removed resource without a stand-in value', () => {
    const plan = planTemplate(
      template({
        Custom: { Type: 'Custom::Thing' },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['Custom', 'Name'] } } },
      }),
      options,
    );
    expect(plan.cloudFormation.has('Queue')).toBe(false);
    expect(plan.adaptations).toContainEqual({
      logicalId: 'Queue',
      type: 'AWS::SQS::Queue',
      action: 'removed',
      detail: 'needs Custom.Name, which was removed',
    });
  });

  it('gives a removed CloudFront Function a synthesized ARN so its distribution stays', () => {
    const plan = planTemplate(
      template({
        Fn: { Type: 'AWS::CloudFront::Function' },
        Dist: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: { DistributionConfig: { X: { 'Fn::GetAtt': ['Fn', 'FunctionARN'] } } },
        },
      }),
      options,
    );
    expect(plan.api.has('Dist')).toBe(true);
    expect(plan.removed.get('Fn')!.attributes.FunctionARN).toBe('arn:aws:cloudfront::123456789012:function/S-Fn');
  });

  it('records every type it can neither create nor deploy', () => {
    const plan = planTemplate(template({ W: { Type: 'AWS::WAFv2::WebACL' } }), options);
    expect(plan.adaptations).toEqual([
      {
        logicalId: 'W',
        type: 'AWS::WAFv2::WebACL',
        action: 'removed',
        detail: 'neither moto CloudFormation nor the deployer can create this type',
      },
    ]);
  });
});
