import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteBrokerObjects, endpointObjects } from '../../test/broker-cleanup.ts';
import { TEST_SERVERS, uniqueSuffix, waitFor } from '../../test/test-env.ts';
import { isTransientDatabaseError } from '../db/transient-database-error.ts';
import { createLogger } from '../logger.ts';
import { BusPublisher } from './bus-publisher.ts';
import { createEnvelope, messageUrn } from './envelope.ts';
import { currentHost } from './host-info.ts';
import { ReceiveEndpoint } from './receive-endpoint.ts';

// A database outage longer than the handler's retries (PostgreSQL restarting under the consumer)
// must not move good messages to `_error`: with `isTransient`, they wait for the database.
const suffix = uniqueSuffix();
const namespace = `Test${suffix}`;
const exchange = `${namespace}:Entry`;
const endpointName = `transient-t${suffix}`;
const logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
/** How often each message's handler fails before it passes: far more than the retry limit. */
const OUTAGE_FAILURES = 6;
const attempts = new Map<string, number>();
const applied: string[] = [];
let endpoint: ReceiveEndpoint;
let publisher: BusPublisher;

beforeAll(async () => {
  endpoint = new ReceiveEndpoint({
    url: TEST_SERVERS.amqp,
    connectionName: 'transient-test',
    endpointName,
    queueType: 'classic',
    messageExchanges: [exchange],
    handlers: [
      {
        messageType: messageUrn(namespace, 'Entry'),
        consumerType: 'Test.EntryConsumer',
        handle: async (envelope) => {
          const seen = (attempts.get(envelope.messageId) ?? 0) + 1;
          attempts.set(envelope.messageId, seen);
          if (seen <= OUTAGE_FAILURES) {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          }
          if ((envelope.message as { poison?: boolean }).poison === true) throw new Error('not applicable');
          applied.push(envelope.messageId);
        },
      },
    ],
    host: currentHost('test'),
    logger,
    retryLimit: 2,
    retryDelayMs: 10,
    transientRetryMaxMs: 50,
    isTransient: isTransientDatabaseError,
  });
  endpoint.start();
  await endpoint.ready(15_000);
  publisher = new BusPublisher({ url: TEST_SERVERS.amqp, connectionName: 'transient-test-publisher', logger });
});
afterAll(async () => {
  await publisher?.close();
  await endpoint?.stop();
  await deleteBrokerObjects(endpointObjects(endpointName, exchange));
});

async function publish(message: Record<string, unknown>): Promise<string> {
  const messageId = randomUUID();
  const envelope = createEnvelope({
    messageId,
    messageType: messageUrn(namespace, 'Entry'),
    message,
    sourceAddress: 'rabbitmq://127.0.0.1/test',
    destinationAddress: `rabbitmq://127.0.0.1/${exchange}`,
    host: currentHost('test'),
  });
  await publisher.publish([{ exchange, messageId, body: Buffer.from(JSON.stringify(envelope)) }]);
  return messageId;
}

async function queueDepth(queue: string): Promise<number> {
  const connection = await connect(TEST_SERVERS.amqp);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

it('retries a message through a database outage longer than its retries, and applies it once', async () => {
  // WHEN a message's handler fails with a connection error six times (the retry limit is 2)
  const id = await publish({});
  // THEN it is applied once the "database" is back, and nothing went to _error
  await waitFor('the message applied after the outage', async () => (applied.includes(id) ? true : undefined));
  expect(attempts.get(id)).toBe(OUTAGE_FAILURES + 1);
  expect(applied.filter((m) => m === id)).toHaveLength(1);
  expect(await queueDepth(`${endpointName}_error`)).toBe(0);
});

it('still faults a message whose own handling fails, after the retry limit', async () => {
  // WHEN a message outlives the outage but then fails for a reason of its own
  const id = await publish({ poison: true });
  // THEN it goes to _error after the outage's attempts and its 3 own attempts (first + 2 retries)
  await waitFor('the poison message in _error', async () =>
    (await queueDepth(`${endpointName}_error`)) === 1 ? true : undefined,
  );
  expect(attempts.get(id)).toBe(OUTAGE_FAILURES + 3);
  expect(applied).not.toContain(id);
});
