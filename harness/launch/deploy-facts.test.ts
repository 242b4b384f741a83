import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { bindingFromDeploy, deployFactsFrom } from './deploy-facts.ts';

const result = {
  outputs: { AlbDnsName: 'alb-1.us-east-1.elb.amazonaws.com' },
  endpoints: [
    { kind: 'rds', host: 'db.abc.us-east-1.rds.amazonaws.com', port: 5432 },
    { kind: 'mq', host: 'b-1.mq.us-east-1.amazonaws.com', port: 5671 },
  ],
  resources: [
    { logicalId: 'FrontendSpaFallback1', type: 'AWS::CloudFront::Function', arn: 'arn:aws:cloudfront::1:function/Spa' },
    { logicalId: 'Other', type: 'AWS::CloudFront::Function' },
    { logicalId: 'Bucket', type: 'AWS::S3::Bucket' },
  ],
  emulator: { accountId: '123456789012' },
};

describe('deployFactsFrom', () => {
  test('reads the deploy step extension, its resolver and the CloudFront functions', () => {
    const resolve = () => ({ host: '127.0.0.1', port: 1 });
    const facts = deployFactsFrom({ result, resolve });
    expect(facts.outputs).toEqual(result.outputs);
    expect(facts.resolveBinding).toBe(resolve);
    expect(facts.cloudFrontFunctions).toEqual([
      'arn:aws:cloudfront::1:function/Spa',
      'arn:aws:cloudfront::123456789012:function/Other',
    ]);
  });

  test('reads a bare deploy result (deploy.json) without a resolver', () => {
    expect(deployFactsFrom(result).resolveBinding).toBeUndefined();
  });

  test('names the missing step when there is no deploy result', () => {
    expect(() => deployFactsFrom(undefined)).toThrow('the aws profile needs the deploy step to run first');
  });
});

test('bindingFromDeploy binds each emulated endpoint to the managed server of its kind, with or without the port', () => {
  const server = (port: number) => ({ getHost: () => 'localhost', getPort: () => port });
  const resolve = bindingFromDeploy(
    deployFactsFrom(result).endpoints,
    { postgres: server(1), rabbitmq: server(2), redis: server(3) },
    pino({ level: 'silent' }),
  );
  expect(resolve('db.abc.us-east-1.rds.amazonaws.com', 5432)).toEqual({ host: 'localhost', port: 1 });
  expect(resolve('db.abc.us-east-1.rds.amazonaws.com', undefined)).toEqual({ host: 'localhost', port: 1 });
  expect(resolve('b-1.mq.us-east-1.amazonaws.com', 5671)).toEqual({ host: 'localhost', port: 2 });
  expect(resolve('elsewhere.example', 5432)).toBeUndefined();
});
