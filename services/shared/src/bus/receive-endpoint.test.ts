import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteBrokerObjects, endpointObjects } from '../../test/broker-cleanup.ts';
import { TcpFaultProxy } from '../../test/tcp-fault-proxy.ts';
import { TEST_SERVERS, uniqueSuffix, waitFor } from '../../test/test-env.ts';
import { createLogger } from '../logger.ts';
import { BusPublisher } from './bus-publisher.ts';
import { createEnvelope, messageUrn, type MessageEnvelope } from './envelope.ts';
import { currentHost } from './host-info.ts';
import { ReceiveEndpoint } from './receive-endpoint.ts';

const suffix = uniqueSuffix();
const namespace = `Test${suffix}`;
const exchange = `${namespace}:Ping`;
const endpointName = `ping-t${suffix}`;
const logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
const received: string[] = [];
let proxy: TcpFaultProxy;
let endpoint: ReceiveEndpoint;
let publisher: BusPublisher;

beforeAll(async () => {
  proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: Number(new URL(TEST_SERVERS.amqp).port) });
  const viaProxy = `amqp://guest:guest@127.0.0.1:${proxy.getPort()}`;
  endpoint = new ReceiveEndpoint({
    url: viaProxy,
    connectionName: 'reconnect-test',
    endpointName,
    queueType: 'classic',
    messageExchanges: [exchange],
    handlers: [
      {
        messageType: messageUrn(namespace, 'Ping'),
        consumerType: 'Test.PingConsumer',
        handle: async (envelope: MessageEnvelope) => void received.push(envelope.messageId),
      },
    ],
    host: currentHost('test'),
    logger,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
  });
  endpoint.start();
  await endpoint.ready(15_000);
  publisher = new BusPublisher({ url: viaProxy, connectionName: 'reconnect-test-publisher', logger });
});
afterAll(async () => {
  await publisher?.close();
  await endpoint?.stop();
  await proxy?.[Symbol.asyncDispose]();
  await deleteBrokerObjects(endpointObjects(endpointName, exchange));
});

async function ping(): Promise<string> {
  const messageId = randomUUID();
  const envelope = createEnvelope({
    messageId,
    messageType: messageUrn(namespace, 'Ping'),
    message: {},
    sourceAddress: 'rabbitmq://127.0.0.1/test',
    destinationAddress: `rabbitmq://127.0.0.1/${exchange}`,
    host: currentHost('test'),
  });
  await publisher.publish([{ exchange, messageId, body: Buffer.from(JSON.stringify(envelope)) }]);
  return messageId;
}

it('publisher and consumer both recover after the broker drops their connections', async () => {
  const first = await ping();
  await waitFor('the first message', async () => (received.includes(first) ? true : undefined));

  // A cut that heals at once: the open connections are reset, reconnects pass.
  expect(proxy.cut()).toBeGreaterThan(0);
  proxy.heal();

  // The first publish after the cut may fail on the dead channel; the next one reconnects.
  const second = await waitFor('a publish after the cut', async () => ping().catch(() => undefined));
  await waitFor('the message published after the cut', async () => (received.includes(second) ? true : undefined));
});

it('leaves nothing behind in the queue', async () => {
  const connection = await connect(TEST_SERVERS.amqp);
  const channel = await connection.createChannel();
  expect((await channel.checkQueue(endpointName)).messageCount).toBe(0);
  await connection.close();
});
