import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { NOT_FOUND_BODY } from '../lib/ingress.ts';
import { logicalIdOf, resourcesOfType, synth, TEST_PROPS, type Synthesized } from './fixtures.ts';

describe('Ingress', () => {
  let stack: Synthesized;
  let https: string;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    https = logicalIdOf(stack, 'AWS::ElasticLoadBalancingV2::Listener', '"Port":443');
  });

  it('serves HTTPS with the given certificate and a TLS 1.2+ policy', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: TEST_PROPS.certificateArn }],
      SslPolicy: Match.stringLikeRegexp('TLS13'),
    });
  });

  it('answers any unrouted path with a problem-shaped JSON 404 (ALB fixed responses cannot say problem+json)', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      DefaultActions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: {
            StatusCode: '404',
            ContentType: 'application/json',
            MessageBody: NOT_FOUND_BODY,
          },
        },
      ],
    });
    expect(JSON.parse(NOT_FOUND_BODY)).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('only redirects plain HTTP to HTTPS', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    });
  });

  it('routes /api/<service>/* to each service by path rule with distinct priorities', () => {
    // THEN
    const rules = resourcesOfType(stack, 'AWS::ElasticLoadBalancingV2::ListenerRule').map(([, r]) => r.Properties);
    const summary = rules.map((r) => {
      const [action] = r.Actions as { TargetGroupArn: { Ref: string } }[];
      const group = stack.resources[action!.TargetGroupArn.Ref]!.Properties;
      return {
        listener: (r.ListenerArn as { Ref: string }).Ref,
        priority: r.Priority,
        paths: (r.Conditions as { PathPatternConfig: { Values: string[] } }[])[0]!.PathPatternConfig.Values,
        port: group.Port,
      };
    });
    expect(summary).toEqual([
      { listener: https, priority: 10, paths: ['/api/auth/*'], port: 3001 },
      { listener: https, priority: 20, paths: ['/api/cashflow/*'], port: 3002 },
      { listener: https, priority: 30, paths: ['/api/consolidated/*'], port: 3003 },
    ]);
  });

  it('health-checks targets on /health/ready and registers tasks by IP', () => {
    // THEN
    stack.template.resourcePropertiesCountIs(
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      { HealthCheckPath: '/health/ready', Matcher: { HttpCode: '200' }, TargetType: 'ip', Protocol: 'HTTP' },
      3,
    );
  });

  it('writes access logs to the log bucket, or none when switched off', () => {
    // THEN
    const attributes = (s: Synthesized) =>
      JSON.stringify(resourcesOfType(s, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0]![1].Properties);
    expect(attributes(stack)).toContain('{"Key":"access_logs.s3.enabled","Value":"true"}');
    // GIVEN / WHEN
    const quiet = synth({ accessLogs: false });
    // THEN
    expect(attributes(quiet)).not.toContain('access_logs.s3.enabled');
    quiet.template.resourceCountIs('AWS::S3::Bucket', 3);
  });

  it('rejects a certificate ARN that is not an ACM ARN', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' })).toThrow(
      /Ingress: prop 'certificateArn' must be an ACM certificate ARN/,
    );
  });
});
