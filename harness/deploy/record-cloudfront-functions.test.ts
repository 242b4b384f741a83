import { describe, expect, test } from 'vitest';
import { KnownValues } from './known-values.ts';
import { recordCloudFrontFunctions } from './record-cloudfront-functions.ts';
import type { CfnTemplate } from './template-types.ts';

const facts = { stackName: 'S', region: 'us-east-1', accountId: '123456789012', availabilityZones: ['us-east-1a'] };
const CODE = 'function handler(event) { return event.request; }';

const template: CfnTemplate = {
  Resources: {
    Spa: {
      Type: 'AWS::CloudFront::Function',
      Properties: { FunctionCode: CODE, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } },
    },
    Unused: { Type: 'AWS::CloudFront::Function', Properties: { FunctionCode: 'x' } },
    Distribution: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          DefaultCacheBehavior: {
            FunctionAssociations: [
              { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['Spa', 'FunctionARN'] } },
            ],
          },
          CacheBehaviors: [
            {
              PathPattern: '/docs/*',
              FunctionAssociations: [
                { EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': ['Spa', 'FunctionARN'] } },
              ],
            },
          ],
        },
      },
    },
  },
};

describe('recordCloudFrontFunctions', () => {
  test('records the deployed code, the ARN the deploy gave and every association', () => {
    const known = new KnownValues(template, facts);
    known.setAttributes('Spa', 'removed', { FunctionARN: 'arn:aws:cloudfront::123456789012:function/S-Spa' });
    known.setAttributes('Unused', 'removed', { FunctionARN: 'arn:aws:cloudfront::123456789012:function/S-Unused' });
    const [spa, unused] = recordCloudFrontFunctions(template, known);
    expect(spa).toEqual({
      logicalId: 'Spa',
      arn: 'arn:aws:cloudfront::123456789012:function/S-Spa',
      runtime: 'cloudfront-js-2.0',
      code: CODE,
      associations: [
        { distribution: 'Distribution', behaviour: 'default', eventType: 'viewer-request' },
        { distribution: 'Distribution', behaviour: '/docs/*', eventType: 'viewer-response' },
      ],
    });
    expect(unused?.associations).toEqual([]);
  });
});
