import { describe, expect, test } from 'vitest';
import { deployFactsFrom } from './deploy-facts.ts';

const spa = {
  logicalId: 'FrontendSpaFallback1',
  arn: 'arn:aws:cloudfront::1:function/Spa',
  code: 'function handler(event) { return event.request; }',
  associations: [{ distribution: 'Distribution', behaviour: 'default', eventType: 'viewer-request' }],
};
const unassociated = { logicalId: 'Other', arn: 'arn:aws:cloudfront::1:function/Other', code: 'x', associations: [] };
const result = {
  outputs: { AlbDnsName: 'alb-1.us-east-1.elb.amazonaws.com' },
  cloudFrontFunctions: [spa, unassociated],
  emulator: { accountId: '123456789012' },
};

describe('deployFactsFrom', () => {
  test("reads the deploy step's result, its resolver and the recorded CloudFront functions", async () => {
    const resolve = () => ({ host: '127.0.0.1', port: 1 });
    const facts = deployFactsFrom({ ...result, resolveBinding: resolve });
    expect(facts.outputs).toEqual(result.outputs);
    expect(facts.resolveBinding).toBe(resolve);
    expect(facts.defaultBehaviourFunctions).toEqual([spa.arn]);
    expect(await facts.functionCode(spa.arn)).toBe(spa.code);
    expect(await facts.functionCode('arn:aws:cloudfront::1:function/Gone')).toBeUndefined();
  });

  test('names the missing step when there is no deploy result', () => {
    expect(() => deployFactsFrom(undefined)).toThrow('the aws profile needs the deploy step to run first');
    expect(() => deployFactsFrom(undefined)).toThrow(expect.objectContaining({ code: 'DEPLOY_MISSING' }) as Error);
  });
});
