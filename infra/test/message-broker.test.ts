import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { onlyResource, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

describe('MessageBroker', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
  });

  it('is a private RabbitMQ 3.13 cluster over AZs with automatic minor upgrades', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::AmazonMQ::Broker', {
      EngineType: 'RABBITMQ',
      EngineVersion: '3.13',
      AutoMinorVersionUpgrade: true,
      DeploymentMode: 'CLUSTER_MULTI_AZ',
      PubliclyAccessible: false,
      HostInstanceType: 'mq.m5.large',
    });
  });

  it('runs as a single instance in one subnet when asked to', () => {
    // GIVEN / WHEN
    const dev = synth({ brokerDeploymentMode: 'SINGLE_INSTANCE', brokerInstanceType: 'mq.t3.micro' });
    // THEN
    const [, broker] = onlyResource(dev, 'AWS::AmazonMQ::Broker');
    expect(broker.Properties.DeploymentMode).toBe('SINGLE_INSTANCE');
    expect(broker.Properties.SubnetIds).toHaveLength(1);
  });

  it('takes its user from a generated secret through dynamic references', () => {
    // THEN
    const [, broker] = onlyResource(stack, 'AWS::AmazonMQ::Broker');
    expect(broker.Properties.Users).toHaveLength(1);
    const user = JSON.stringify((broker.Properties.Users as unknown[])[0]);
    expect(user).toMatch(
      /"Username":\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"\w+"\},":SecretString:username::\}\}"\]\]\}/,
    );
    expect(user).toMatch(
      /"Password":\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"\w+"\},":SecretString:password::\}\}"\]\]\}/,
    );
  });

  it('generates a password Amazon MQ accepts: long, without , : =', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('Amazon MQ'),
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ username: 'cashflow' }),
        GenerateStringKey: 'password',
        PasswordLength: 32,
        ExcludePunctuation: true,
      }),
    });
  });

  it('publishes the first AMQPS endpoint as the services AMQP_URL', () => {
    // THEN
    const brokerId = resourcesOfType(stack, 'AWS::AmazonMQ::Broker')[0]![0];
    stack.template.hasOutput('MqAmqpEndpoint', {
      Value: { 'Fn::Select': [0, { 'Fn::GetAtt': [brokerId, 'AmqpEndpoints'] }] },
    });
  });

  it('logs to CloudWatch and encrypts with an AWS owned key', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::AmazonMQ::Broker', {
      Logs: { General: true },
      EncryptionOptions: { UseAwsOwnedKey: true },
    });
  });
});
