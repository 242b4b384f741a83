import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryRegisteredMessage } from '../../cashflow/src/entries/entry-registered.ts';
import {
  BusPublisher,
  FAULT_EXCHANGE,
  RECEIVE_FAULT_EXCHANGE,
  ReceiveEndpoint,
  amqpConfigFrom,
  createLogger,
  currentHost,
  declarePublishExchanges,
  faultExchangeName,
  faultUrn,
  messageUrn,
  type MessageEnvelope,
} from '../src/index.ts';
import { deleteBrokerObjects, deleteSharedFaultExchanges, endpointObjects } from './broker-cleanup.ts';
import { MASSTRANSIT_CORPUS } from './fixtures/masstransit/corpus.ts';
import type { Delivery, Expectation, FixtureContext } from './fixtures/masstransit/fixture.ts';
import { readAsMassTransit, readEntryRegistered, readFault, readReceiveFault } from './masstransit-reader.ts';
import { TEST_SERVERS, uniqueSuffix, waitFor } from './test-env.ts';

// Replays what .NET MassTransit 8 peers send against a real broker and checks that the endpoint
// does what a MassTransit endpoint does; then reads what the project publishes with a reader
// written from MassTransit's rules. Names carry a per-run suffix so parallel runs never meet.

const suffix = uniqueSuffix();
const namespace = `Conf${suffix}.Contracts`;
const urn = messageUrn(namespace, 'EntryRegistered');
const messageExchange = `${namespace}:EntryRegistered`;
const endpointName = `entry-registered-c${suffix}`;
const faultAddressExchange = `conformance-faults-c${suffix}`;
const inputAddress = `rabbitmq://127.0.0.1/${endpointName}`;
const logger = createLogger('conformance', process.env.TEST_LOG_LEVEL ?? 'silent');

/** What a .NET consumer of `EntryRegistered` would reject; its name is the .NET exception type. */
class InvalidOperationException extends Error {
  override readonly name = 'InvalidOperationException';
}

const consumed = new Map<string, MessageEnvelope[]>();
let endpoint: ReceiveEndpoint;
let connection: ChannelModel;
let channel: ConfirmChannel;
const observed = { faults: '', receiveFaults: '', faultAddress: '', published: '' };

beforeAll(async () => {
  endpoint = new ReceiveEndpoint({
    url: TEST_SERVERS.amqp,
    connectionName: 'masstransit-conformance',
    endpointName,
    queueType: 'classic',
    messageExchanges: [messageExchange],
    handlers: [
      {
        messageType: urn,
        consumerType: 'Conformance.EntryRegisteredConsumer',
        messageProperties: ['entryId', 'type', 'amountCents', 'date', 'description', 'createdAt'],
        async handle(envelope) {
          const message = envelope.message as Record<string, unknown>;
          if (message.type !== 'credit' && message.type !== 'debit') {
            throw new InvalidOperationException('type must be credit or debit');
          }
          if (typeof message.amountCents !== 'number' || message.amountCents < 1) {
            throw new InvalidOperationException('amountCents must be positive');
          }
          consumed.set(envelope.messageId, [...(consumed.get(envelope.messageId) ?? []), envelope]);
        },
      },
    ],
    host: currentHost('conformance'),
    logger,
    retryDelayMs: 10,
  });
  endpoint.start();
  await endpoint.ready(15_000);

  connection = await connect(TEST_SERVERS.amqp);
  channel = await connection.createConfirmChannel();
  // Observers: exclusive queues, gone with the connection.
  const observe = async (exchange: string) => {
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, '');
    return queue;
  };
  await declarePublishExchanges(channel, faultExchangeName(urn), [FAULT_EXCHANGE]);
  observed.faults = await observe(faultExchangeName(urn));
  await channel.assertExchange(RECEIVE_FAULT_EXCHANGE, 'fanout', { durable: true });
  observed.receiveFaults = await observe(RECEIVE_FAULT_EXCHANGE);
  await channel.assertExchange(faultAddressExchange, 'fanout', { durable: true });
  observed.faultAddress = await observe(faultAddressExchange);
  observed.published = await observe(messageExchange);
});

afterAll(async () => {
  await connection?.close();
  await endpoint?.stop();
  const objects = endpointObjects(endpointName, messageExchange);
  await deleteBrokerObjects({ queues: objects.queues, exchanges: [...objects.exchanges, faultAddressExchange] });
  await deleteSharedFaultExchanges();
});

function fixtureContext(): FixtureContext {
  return {
    namespace,
    messageUrn: urn,
    messageExchange,
    faultAddressExchange,
    messageId: randomUUID(),
    correlationId: randomUUID(),
    conversationId: randomUUID(),
    entryId: randomUUID(),
  };
}

async function send(delivery: Delivery): Promise<void> {
  channel.publish(messageExchange, '', Buffer.from(delivery.body), delivery.properties);
  await channel.waitForConfirms();
}

/** The first message in `queue` that `matches`; others (a parallel run's receive faults) are dropped. */
async function next(queue: string, matches: (m: GetMessage) => boolean = () => true): Promise<GetMessage> {
  return waitFor(`a matching message in ${queue}`, async () => {
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) return undefined;
      if (matches(message)) return message;
    }
  });
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The AMQP properties a move must keep, `expiration` aside. */
function expectPropertiesKept(moved: GetMessage, delivery: Delivery) {
  const sent = delivery.properties;
  const kept = moved.properties;
  expect(kept.messageId).toBe(sent.messageId);
  expect(kept.correlationId).toBe(sent.correlationId);
  expect(kept.contentType).toBe(sent.contentType);
  expect(kept.deliveryMode).toBe(sent.persistent ? 2 : undefined);
  expect(kept.appId).toBe(sent.appId);
  expect(kept.type).toBe(sent.type);
  expect(kept.priority).toBe(sent.priority);
  expect(kept.timestamp).toBe(sent.timestamp);
  for (const [name, value] of Object.entries(sent.headers ?? {})) expect(kept.headers?.[name]).toEqual(value);
}

async function expectConsumed(expected: Extract<Expectation, { outcome: 'consumed' }>) {
  const envelopes = await waitFor('the consumer to receive the message', async () => consumed.get(expected.messageId));
  expect(envelopes).toHaveLength(1);
  expect(envelopes[0]!.message).toEqual(expected.message);
  if (expected.correlationId !== undefined) expect(envelopes[0]!.correlationId).toBe(expected.correlationId);
}

async function expectSkipped(context: FixtureContext, delivery: Delivery) {
  const skipped = await next(`${endpointName}_skipped`);
  expect(skipped.content.toString()).toBe(delivery.body);
  expect(skipped.properties.headers).toMatchObject({
    'MT-Reason': 'dead-letter',
    'MT-Host-Assembly': 'conformance',
    'MT-Host-ProcessId': String(process.pid),
  });
  expectPropertiesKept(skipped, delivery);
  // The dead-letter transport does not touch the expiration.
  expect(skipped.properties.expiration).toBe(delivery.properties.expiration);
  expect(consumed.has(context.messageId)).toBe(false);
}

async function expectFaulted(
  context: FixtureContext,
  delivery: Delivery,
  expected: Extract<Expectation, { outcome: 'faulted' }>,
) {
  const faulted = await next(`${endpointName}_error`);
  expect(faulted.content.toString()).toBe(delivery.body);
  const headers = faulted.properties.headers ?? {};
  expect(headers).toMatchObject({
    'MT-Reason': 'fault',
    'MT-Fault-ExceptionType': expected.exceptionType,
    'MT-Fault-InputAddress': inputAddress,
    'MT-Host-MachineName': currentHost('conformance').machineName,
  });
  expect(String(headers['MT-Fault-Message'])).not.toBe('');
  expect(String(headers['MT-Fault-Timestamp'])).toMatch(isoTimestamp);
  expect(String(headers['MT-Fault-StackTrace'])).toMatch(/^\s+at /);
  expectPropertiesKept(faulted, delivery);
  // The error transport clears the expiration, so a faulted message waits in _error.
  expect(faulted.properties.expiration).toBeUndefined();

  if (expected.faultEvent === 'Fault') {
    expect(headers['MT-Fault-ConsumerType']).toBe('Conformance.EntryRegisteredConsumer');
    expect(headers['MT-Fault-MessageType']).toBe(urn);
    expect(headers['MT-Fault-RetryCount']).toBe(2);
    const queue = expected.faultDestination === 'fault-address' ? observed.faultAddress : observed.faults;
    const event = readAsMassTransit(await next(queue));
    expect(event.messageType).toEqual([faultUrn(urn), 'urn:message:MassTransit:Fault']);
    expect(event.supports(`urn:message:MassTransit:Fault[[${namespace}:EntryRegistered]]`)).toBe(true);
    expect(event).toMatchObject({
      correlationId: context.correlationId,
      conversationId: context.conversationId,
      initiatorId: context.correlationId,
      sourceAddress: inputAddress,
    });
    expect(event.headers).toMatchObject({ 'MT-Fault-RetryCount': 2 });
    const fault = readFault(event.message);
    expect(fault.faultedMessageId).toBe(context.messageId);
    expect(fault.exceptions[0]!.exceptionType).toBe(expected.exceptionType);
    expect(fault.faultMessageTypes).toEqual([urn]);
    expect(fault.message).toMatchObject({ entryId: context.entryId });
  } else {
    expect(headers).not.toHaveProperty('MT-Fault-ConsumerType');
    // MassTransit writes the retry count only after a retry; a receive fault is never retried.
    expect(headers).not.toHaveProperty('MT-Fault-RetryCount');
    const event = readAsMassTransit(
      await next(
        observed.receiveFaults,
        (m) => JSON.parse(m.content.toString()).message?.faultedMessageId === context.messageId,
      ),
    );
    expect(event.messageType).toEqual(['urn:message:MassTransit:ReceiveFault']);
    const fault = readReceiveFault(event.message);
    expect(fault.exceptions[0]!.exceptionType).toBe(expected.exceptionType);
    expect(fault.contentType).toBe(String(delivery.properties.contentType).split(';')[0]!.toLowerCase());
  }
  expect(consumed.has(context.messageId)).toBe(false);
}

describe('a .NET MassTransit 8 peer sends', () => {
  it.each(MASSTRANSIT_CORPUS.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    const context = fixtureContext();
    const { delivery, expect: expected } = fixture.build(context);
    await send(delivery);
    if (expected.outcome === 'consumed') await expectConsumed(expected);
    else if (expected.outcome === 'skipped') await expectSkipped(context, delivery);
    else await expectFaulted(context, delivery, expected);
  });

  it('leaves nothing unaccounted for in the endpoint queues', async () => {
    for (const queue of [endpointName, `${endpointName}_error`, `${endpointName}_skipped`]) {
      expect((await channel.checkQueue(queue)).messageCount, queue).toBe(0);
    }
  });
});

describe('a .NET MassTransit 8 consumer reads what the project publishes', () => {
  it('reads EntryRegistered from cashflow with the AMQP properties MassTransit sets', async () => {
    const amqp = amqpConfigFrom({ AMQP_URL: TEST_SERVERS.amqp, BUS_NAMESPACE: namespace });
    const entry = {
      id: randomUUID(),
      type: 'debit' as const,
      amountCents: 4321,
      date: '2026-03-02',
      description: 'rent',
      createdAt: '2026-03-02T08:00:00.000Z',
    };
    const outbox = entryRegisteredMessage(entry, amqp, currentHost('cashflow'));
    await using publisher = disposable(
      new BusPublisher({ url: amqp.url, connectionName: 'conformance-publisher', logger }),
    );
    await publisher.value.publish([
      { exchange: outbox.exchange, messageId: outbox.messageId, body: Buffer.from(outbox.payload) },
    ]);

    // The observer also holds the corpus deliveries, which went to the same exchange.
    const read = readAsMassTransit(await next(observed.published, (m) => m.properties.messageId === outbox.messageId));
    expect(read.supports(urn)).toBe(true);
    expect(read.messageId).toBe(outbox.messageId);
    expect(read.correlationId).toBe(entry.id);
    expect(read.destinationAddress).toBe(`rabbitmq://127.0.0.1/${messageExchange}`);
    expect(readEntryRegistered(read.message)).toEqual({
      entryId: entry.id,
      type: 'debit',
      amountCents: 4321,
      date: '2026-03-02',
      description: 'rent',
      createdAt: entry.createdAt,
    });
    await waitFor('the endpoint to consume it once', async () => consumed.get(outbox.messageId));
    expect(consumed.get(outbox.messageId)).toHaveLength(1);
  });
});

function disposable(publisher: BusPublisher) {
  return { value: publisher, [Symbol.asyncDispose]: () => publisher.close() };
}
