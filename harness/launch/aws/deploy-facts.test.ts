import { describe, expect, test } from 'vitest';
import { deployFactsFrom } from './deploy-facts.ts';

const result = {
  outputs: { AlbDnsName: 'alb-1.us-east-1.elb.amazonaws.com' },
  resources: [
    { logicalId: 'FrontendSpaFallback1', type: 'AWS::CloudFront::Function', arn: 'arn:aws:cloudfront::1:function/Spa' },
    { logicalId: 'Other', type: 'AWS::CloudFront::Function' },
    { logicalId: 'Bucket', type: 'AWS::S3::Bucket' },
  ],
  emulator: { accountId: '123456789012' },
};

describe('deployFactsFrom', () => {
  test("reads the deploy step's result, its resolver and the CloudFront functions", () => {
    const resolve = () => ({ host: '127.0.0.1', port: 1 });
    const facts = deployFactsFrom({ ...result, resolveBinding: resolve });
    expect(facts.outputs).toEqual(result.outputs);
    expect(facts.resolveBinding).toBe(resolve);
    expect(facts.cloudFrontFunctions).toEqual([
      'arn:aws:cloudfront::1:function/Spa',
      'arn:aws:cloudfront::123456789012:function/Other',
    ]);
  });

  test('names the missing step when there is no deploy result', () => {
    expect(() => deployFactsFrom(undefined)).toThrow('the aws profile needs the deploy step to run first');
    expect(() => deployFactsFrom(undefined)).toThrow(expect.objectContaining({ code: 'DEPLOY_MISSING' }) as Error);
  });
});
