import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { describe, expect, test } from 'vitest';
import { spaFallback } from './aws-routes.ts';

const ARN = 'arn:aws:cloudfront::123456789012:function/Stack-SpaFallback';
const SPA_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;
const recorded = (code: string) => [
  {
    logicalId: 'SpaFallback',
    arn: ARN,
    code,
    associations: [{ distribution: 'Distribution', behaviour: 'default', eventType: 'viewer-request' }],
  },
];
/** A distribution as moto returns it: the association dropped. */
const dropped: DistributionConfig = {
  CallerReference: 'x',
  Comment: '',
  Enabled: true,
  Origins: { Quantity: 0, Items: [] },
  DefaultCacheBehavior: { TargetOriginId: 'bucket', ViewerProtocolPolicy: 'allow-all' },
};

describe('the SPA fallback of the deployed distribution', () => {
  test('a recorded default-behaviour function whose code is the SPA rewrite gives it', () => {
    expect(spaFallback(dropped, recorded(SPA_CODE))).toBe('viewer-request function Stack-SpaFallback');
  });

  test('a function doing something else does not', () => {
    expect(spaFallback(dropped, recorded('function handler(event) { return event.request; }'))).toBeNull();
  });

  test('an error response answering 404 with /index.html gives it', () => {
    const distribution: DistributionConfig = {
      ...dropped,
      CustomErrorResponses: {
        Quantity: 1,
        Items: [{ ErrorCode: 404, ResponseCode: '200', ResponsePagePath: '/index.html' }],
      },
    };
    expect(spaFallback(distribution, [])).toBe('error response 404 -> /index.html (200)');
  });
});
