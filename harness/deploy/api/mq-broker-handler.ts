import { awsErrorName } from '../../aws/index.ts';
import {
  CreateBrokerCommand,
  CreateUserCommand,
  DescribeBrokerCommand,
  ListBrokersCommand,
  UpdateUserCommand,
  type CreateBrokerRequest,
  type User,
} from '@aws-sdk/client-mq';
import { physicalName, stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/**
 * `AWS::AmazonMQ::Broker` through CreateBroker (the SDK takes CloudFormation's PascalCase shape).
 * A broker found by name is reused and its users' passwords are set again from the template,
 * so the broker and its secret never drift apart.
 */
export const mqBrokerHandler: ApiResourceHandler = {
  type: 'AWS::AmazonMQ::Broker',
  async ensure(context) {
    const { clients } = context;
    const props = context.properties;
    const brokerName =
      stringProp(context, 'BrokerName') ?? physicalName(context.stackName, context.logicalId, { maxLength: 50 });
    const users = ((props.Users as User[] | undefined) ?? []).map((user) => ({
      Username: user.Username,
      Password: user.Password,
      ConsoleAccess: user.ConsoleAccess,
      Groups: user.Groups,
    }));
    const listed = await clients.mq.send(new ListBrokersCommand({ MaxResults: 100 }));
    const found = listed.BrokerSummaries?.find((broker) => broker.BrokerName === brokerName);
    let brokerId = found?.BrokerId;
    if (brokerId) {
      for (const user of users) {
        await clients.mq.send(new UpdateUserCommand({ BrokerId: brokerId, ...user })).catch(async (error) => {
          if (awsErrorName(error) !== 'NotFoundException') throw error;
          await clients.mq.send(new CreateUserCommand({ BrokerId: brokerId, ...user }));
        });
      }
    } else {
      const input: CreateBrokerRequest = {
        BrokerName: brokerName,
        EngineType: stringProp(context, 'EngineType') as CreateBrokerRequest['EngineType'],
        EngineVersion: stringProp(context, 'EngineVersion'),
        HostInstanceType: stringProp(context, 'HostInstanceType'),
        DeploymentMode: stringProp(context, 'DeploymentMode') as CreateBrokerRequest['DeploymentMode'],
        AutoMinorVersionUpgrade: booleanValue(props.AutoMinorVersionUpgrade),
        PubliclyAccessible: booleanValue(props.PubliclyAccessible) ?? false,
        SubnetIds: props.SubnetIds as string[] | undefined,
        SecurityGroups: props.SecurityGroups as string[] | undefined,
        EncryptionOptions: props.EncryptionOptions as CreateBrokerRequest['EncryptionOptions'],
        Logs: props.Logs as CreateBrokerRequest['Logs'],
        MaintenanceWindowStartTime:
          props.MaintenanceWindowStartTime as CreateBrokerRequest['MaintenanceWindowStartTime'],
        AuthenticationStrategy: stringProp(
          context,
          'AuthenticationStrategy',
        ) as CreateBrokerRequest['AuthenticationStrategy'],
        StorageType: stringProp(context, 'StorageType') as CreateBrokerRequest['StorageType'],
        Users: users,
        Tags: { 'harness:stack': context.stackName, 'harness:logical-id': context.logicalId },
      };
      const created = await clients.mq.send(new CreateBrokerCommand(input));
      brokerId = created.BrokerId!;
    }
    const described = await clients.mq.send(new DescribeBrokerCommand({ BrokerId: brokerId }));
    const endpoints = (described.BrokerInstances ?? []).flatMap((instance) => instance.Endpoints ?? []);
    const byScheme = (...schemes: string[]) =>
      endpoints.filter((endpoint) => schemes.some((scheme) => endpoint.startsWith(`${scheme}://`)));
    return {
      ref: brokerId,
      attributes: {
        Id: brokerId,
        Arn: described.BrokerArn,
        AmqpEndpoints: byScheme('amqps', 'amqp+ssl'),
        StompEndpoints: byScheme('stomp+ssl'),
        MqttEndpoints: byScheme('mqtt+ssl'),
        WssEndpoints: byScheme('wss'),
        OpenWireEndpoints: byScheme('ssl'),
        IpAddresses: (described.BrokerInstances ?? []).map((instance) => instance.IpAddress).filter(Boolean),
        ConsoleURLs: (described.BrokerInstances ?? []).map((instance) => instance.ConsoleURL).filter(Boolean),
      },
      physicalId: brokerId,
      arn: described.BrokerArn,
      reused: found !== undefined,
      detail: found
        ? `mq:ListBrokers found ${brokerName}; users updated (${users.length})`
        : `mq:CreateBroker ${brokerName} with ${users.length} user(s)`,
    };
  },
};

function booleanValue(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}
