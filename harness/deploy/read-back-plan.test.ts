import type { Stack } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { KnownValues } from './known-values.ts';
import { planTemplate } from './plan-template.ts';
import { HARNESS_OUTPUT_PREFIX, ReadBackPlan, readBackValues, userOutputsOf } from './read-back-plan.ts';
import type { CfnTemplate } from './template-types.ts';

const facts = { stackName: 'S', region: 'us-east-1', accountId: '123456789012', availabilityZones: ['us-east-1a'] };

const template: CfnTemplate = {
  Resources: {
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g' } },
    Egress: {
      Type: 'AWS::EC2::SecurityGroupEgress',
      Properties: { GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, IpProtocol: '-1' },
    },
    Cluster: { Type: 'AWS::ECS::Cluster' },
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } },
    Queue: { Type: 'AWS::SQS::Queue' },
  },
};
const plan = planTemplate(template, facts);

describe('ReadBackPlan', () => {
  it('reads back what API resources use, the ECS resources and the endpoints, nothing else', () => {
    // GIVEN the plan of a template with an API resource referring to a security group
    const readBack = ReadBackPlan.of(plan);
    // WHEN the outputs of a stage with every resource are built
    const outputs = readBack.outputsFor(new Set(plan.cloudFormation));
    // THEN the group's attribute, the cluster's Ref and the instance's endpoint are read back
    expect(Object.values(outputs).map((output) => output.Value)).toEqual([
      { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      { Ref: 'Cluster' },
      { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] },
    ]);
    expect(Object.keys(outputs).every((key) => key.startsWith(HARNESS_OUTPUT_PREFIX))).toBe(true);
  });

  it('adds read-back outputs only for resources of the stage', () => {
    const outputs = ReadBackPlan.of(plan).outputsFor(new Set(['Cluster']));
    expect(Object.values(outputs).map((output) => output.Value)).toEqual([{ Ref: 'Cluster' }]);
  });

  it('records the values a deployed stack reads back, and keeps them out of the user outputs', () => {
    // GIVEN a stack whose outputs are the read-back ones plus one of the template
    const outputs = ReadBackPlan.of(plan).outputsFor(new Set(plan.cloudFormation));
    const answers: Record<string, string> = {
      'Sg.GroupId': 'sg-1',
      Cluster: 'arn:cluster',
      'Db.Endpoint.Address': 'db.local',
      'Db.Endpoint.Port': '5432',
    };
    const stack: Stack = {
      StackName: 'S',
      StackId: 'arn:stack/S',
      CreationTime: new Date(),
      StackStatus: 'CREATE_COMPLETE',
      Outputs: [
        ...Object.entries(outputs).map(([key, output]) => {
          const target = JSON.parse(output.Description!) as {
            harnessReadBack: { logicalId: string; attribute?: string };
          };
          const { logicalId, attribute } = target.harnessReadBack;
          return {
            OutputKey: key,
            OutputValue: answers[attribute ? `${logicalId}.${attribute}` : logicalId],
            Description: output.Description,
          };
        }),
        { OutputKey: 'ApiUrl', OutputValue: 'https://api' },
      ],
    };
    const known = new KnownValues(plan.template, facts);
    // WHEN the values are read back
    readBackValues(stack, known);
    // THEN each is known under its resource, and only the template's output is the users'
    expect(known.get('Sg')?.attributes).toEqual({ GroupId: 'sg-1' });
    expect(known.get('Cluster')?.ref).toBe('arn:cluster');
    expect(known.get('Db')?.attributes).toEqual({ 'Endpoint.Address': 'db.local', 'Endpoint.Port': '5432' });
    expect(known.fullLookup().ref('AWS::StackId')).toBe('arn:stack/S');
    expect(userOutputsOf(stack)).toEqual({ ApiUrl: 'https://api' });
  });
});
