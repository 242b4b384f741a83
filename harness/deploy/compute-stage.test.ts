import { describe, expect, it } from 'vitest';
import { computeStage } from './compute-stage.ts';
import { DeployProgress } from './deploy-progress.ts';
import { KnownValues } from './known-values.ts';
import { planTemplate } from './plan-template.ts';
import type { CfnTemplate } from './template-types.ts';

const facts = { stackName: 'S', region: 'us-east-1', accountId: '123456789012', availabilityZones: ['us-east-1a'] };

function progressFor(resources: CfnTemplate['Resources']): DeployProgress {
  const plan = planTemplate({ Resources: resources }, facts);
  return new DeployProgress(plan, new KnownValues(plan.template, facts));
}

const secret = { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } };

describe('computeStage', () => {
  it('holds every CloudFormation resource when nothing waits', () => {
    // GIVEN two independent CloudFormation resources
    const progress = progressFor({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Queue: { Type: 'AWS::SQS::Queue' },
    });
    // WHEN the stage is computed
    const stage = computeStage(progress);
    // THEN both go in the first stack operation
    expect([...stage]).toEqual(['Vpc', 'Queue']);
  });

  it('leaves out a resource waiting for an API resource, and what waits for it in turn', () => {
    // GIVEN a parameter that refers to an API-created secret, and a queue that depends on the parameter
    const progress = progressFor({
      Secret: secret,
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'Secret' } } },
      Queue: { Type: 'AWS::SQS::Queue', DependsOn: 'Param' },
      Other: { Type: 'AWS::SQS::Queue' },
    });
    // WHEN the secret is not created yet
    const stage = computeStage(progress);
    // THEN the parameter and the queue after it wait
    expect([...stage]).toEqual(['Other']);
  });

  it('takes in what waited once the API resource exists', () => {
    // GIVEN the secret created through its API
    const progress = progressFor({
      Secret: secret,
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'Secret' } } },
    });
    progress.apiResources.set('Secret', {
      logicalId: 'Secret',
      type: 'AWS::SecretsManager::Secret',
      ref: 'arn:secret',
      attributes: {},
      physicalId: 'arn:secret',
      reused: false,
      detail: 'created',
    });
    // WHEN the stage is computed
    const stage = computeStage(progress);
    // THEN the parameter goes
    expect([...stage]).toEqual(['Param']);
  });

  it('keeps a resource that must follow another in a later operation until that one is deployed', () => {
    // GIVEN an RDS instance whose parameter group must be deployed first
    const progress = progressFor({
      Group: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres16', Description: 'g' } },
      Db: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { Engine: 'postgres', DBParameterGroupName: { Ref: 'Group' } },
      },
    });
    // WHEN nothing is deployed, then the group is
    const first = computeStage(progress);
    progress.deployed.add('Group');
    const second = computeStage(progress);
    // THEN the instance waits for the second operation
    expect([...first]).toEqual(['Group']);
    expect([...second]).toEqual(['Group', 'Db']);
  });

  it('keeps a resource whose dynamic reference is built from an unknown value', () => {
    // GIVEN a parameter whose value is a {{resolve:...}} built from a queue's URL
    const progress = progressFor({
      Queue: { Type: 'AWS::SQS::Queue' },
      Param: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Type: 'String',
          Value: { 'Fn::Join': ['', ['{{resolve:ssm:', { Ref: 'Queue' }, '}}']] },
        },
      },
    });
    // WHEN the queue is deployed but its Ref not read back, then read back
    progress.deployed.add('Queue');
    const before = computeStage(progress);
    progress.known.setRef('Queue', 'cloudformation', 'https://queue');
    const after = computeStage(progress);
    // THEN the parameter waits until the value is known
    expect([...before]).toEqual(['Queue']);
    expect([...after]).toEqual(['Queue', 'Param']);
  });
});
