import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { SPA_FALLBACK_FUNCTION_CODE } from '../lib/frontend.ts';
import { logicalIdOf, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

/** Runs the CloudFront Function code as CloudFront would for one viewer request. */
function viewerRequest(uri: string): string {
  const handler = new Function(`${SPA_FALLBACK_FUNCTION_CODE}; return handler;`)() as (event: unknown) => {
    uri: string;
  };
  return handler({ request: { uri, method: 'GET', headers: {} } }).uri;
}

interface DistributionConfig {
  DefaultCacheBehavior: Record<string, unknown>;
  CacheBehaviors: Record<string, unknown>[];
  Origins: Record<string, unknown>[];
  CustomErrorResponses?: unknown;
}

describe('Frontend', () => {
  let stack: Synthesized;
  let config: DistributionConfig;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    config = resourcesOfType(stack, 'AWS::CloudFront::Distribution')[0]![1].Properties
      .DistributionConfig as DistributionConfig;
  });

  it('keeps the SPA bucket private, encrypted and TLS-only', () => {
    // THEN
    const bucket = logicalIdOf(stack, 'AWS::S3::Bucket', 's3/frontend/');
    expect(stack.resources[bucket]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    stack.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('reads the bucket through Origin Access Control only', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const s3Origin = config.Origins.find((o) => 'S3OriginConfig' in o)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('sends /api/* to the ALB over HTTPS, uncached, with all methods and viewer headers except Host', () => {
    // THEN
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = config.Origins.find((o) => o.Id === api.TargetOriginId)!;
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^IngressLoadBalancer/), 'DNSName'] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('uses the apiDomainName prop as the API origin when given', () => {
    // GIVEN / WHEN
    const named = synth({ apiDomainName: 'api.cashflow.example.com' });
    // THEN
    named.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([Match.objectLike({ DomainName: 'api.cashflow.example.com' })]),
      }),
    });
  });

  it('falls back to /index.html with a viewer-request function, not with error responses that would mask API 404s', () => {
    // THEN
    expect(config.CustomErrorResponses).toBeUndefined();
    const fn = logicalIdOf(stack, 'AWS::CloudFront::Function', 'index.html');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn, 'FunctionARN'] } },
    ]);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;
    expect(api.FunctionAssociations).toBeUndefined();
  });

  it.each([
    ['/', '/index.html'],
    ['/entries', '/index.html'],
    ['/reports/2024-05-01', '/index.html'],
    ['/assets/index-3f2a.js', '/assets/index-3f2a.js'],
    ['/favicon.ico', '/favicon.ico'],
  ])('rewrites %s to %s in the SPA fallback function', (uri, expected) => {
    // WHEN / THEN
    expect(viewerRequest(uri)).toBe(expected);
  });

  it('redirects viewers to HTTPS on the default behaviour', () => {
    // THEN
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });
});
