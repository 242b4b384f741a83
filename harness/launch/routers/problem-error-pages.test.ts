import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateAwsRouterConfig } from './aws-router-config.ts';
import { problemErrorPages } from './problem-error-pages.ts';

const composeTemplate = readFileSync(
  join(import.meta.dirname, '../../../services/frontend/nginx/templates/default.conf.template'),
  'utf8',
);

describe('problem+json error pages of the gateways', () => {
  test('the compose frontend template carries every line the aws gateway gets', () => {
    const lines = problemErrorPages();
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(composeTemplate).toContain(`    ${line}\n`);
  });

  test('the aws config has them in both the ALB and the CloudFront server', () => {
    const config = generateAwsRouterConfig({
      listenerRules: [
        {
          Priority: 'default',
          IsDefault: true,
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        },
      ],
      distribution: {
        CallerReference: 'x',
        Comment: '',
        Enabled: true,
        Origins: {
          Quantity: 1,
          Items: [{ Id: 'bucket', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }],
        },
        DefaultCacheBehavior: { TargetOriginId: 'bucket', ViewerProtocolPolicy: 'allow-all' },
      },
      targetGroups: {},
      albListen: { host: '127.0.0.1', port: 1 },
      gatewayListen: { host: '127.0.0.1', port: 2 },
      bucketDirectory: '/nonexistent',
    });
    for (const line of problemErrorPages()) expect(config.split(line).length - 1).toBe(2);
  });

  test('each body is the problem its status and code say', () => {
    const bodies = problemErrorPages()
      .map((line) => /return (\d+) '(.*)';/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [Number(match[1]), JSON.parse(match[2]!)] as const);
    expect(bodies.map(([status, body]) => [status, body.status, body.code])).toEqual([
      [400, 400, 'BAD_REQUEST'],
      [413, 413, 'BODY_TOO_LARGE'],
      [414, 414, 'URI_TOO_LONG'],
      [431, 431, 'HEADERS_TOO_LARGE'],
    ]);
  });
});
