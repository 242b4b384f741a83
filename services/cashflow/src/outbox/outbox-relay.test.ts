import { connect, type ChannelModel, type Channel } from 'amqplib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { deleteBrokerObjects } from '../../../shared/test/broker-cleanup.ts';
import { closedPort, queryDatabase, signTestToken, TEST_SERVERS } from '../../../shared/test/test-env.ts';
import { startCashflowFixture, type CashflowFixture } from '../../test/cashflow-fixture.ts';

let fixture: CashflowFixture;
let relayUrl: string;
let connection: ChannelModel;
let channel: Channel;
let queue: string;

beforeAll(async () => {
  relayUrl = `amqp://guest:guest@127.0.0.1:${await closedPort()}`;
  fixture = await startCashflowFixture({}, { amqpUrl: () => relayUrl, relayRetryMaxMs: 300 });
  connection = await connect(TEST_SERVERS.amqp);
  channel = await connection.createChannel();
  queue = `relay-probe-t${fixture.suffix}`;
  await channel.assertExchange(`${fixture.namespace}:EntryRegistered`, 'fanout', { durable: true });
  await channel.assertQueue(queue, { durable: false, autoDelete: false });
  await channel.bindQueue(queue, `${fixture.namespace}:EntryRegistered`, '');
});
afterAll(async () => {
  await connection?.close();
  await fixture?.[Symbol.asyncDispose]();
  await deleteBrokerObjects({ queues: [queue], exchanges: [`${fixture.namespace}:EntryRegistered`] });
});

/** The outbox row's `published_at`; undefined while there is no row. */
async function publishedAt(): Promise<Date | null | undefined> {
  const [row] = await queryDatabase<{ published_at: Date | null }>(fixture.database, 'SELECT published_at FROM outbox');
  return row?.published_at;
}

it('accepts entries while the broker is unreachable and drains the outbox once it is back', async () => {
  const res = await fixture.service.app.inject({
    method: 'POST',
    url: '/api/cashflow/entries',
    headers: { authorization: `Bearer ${await signTestToken()}`, 'idempotency-key': 'offline-1' },
    payload: { type: 'debit', amount: '9.99', date: '2026-07-01', description: 'while offline' },
  });
  expect(res.statusCode).toBe(201);
  const entryId = res.json().id;

  // The relay has tried and failed at least once: the row is still waiting.
  await expect.poll(publishedAt, { timeout: 20_000 }).toBeNull();
  expect((await channel.checkQueue(queue)).messageCount).toBe(0);

  relayUrl = TEST_SERVERS.amqp;

  const delivered = await vi.waitFor(
    async () => {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) throw new Error('no outbox message in the probe queue yet');
      return message;
    },
    { timeout: 20_000, interval: 100 },
  );
  expect(delivered.properties.contentType).toBe('application/vnd.masstransit+json');
  expect(delivered.properties.deliveryMode).toBe(2);
  const envelope = JSON.parse(delivered.content.toString());
  expect(delivered.properties.messageId).toBe(envelope.messageId);
  expect(envelope.message).toMatchObject({ entryId, type: 'debit', amountCents: 999, date: '2026-07-01' });
  await expect.poll(publishedAt, { timeout: 20_000 }).toBeInstanceOf(Date);
});

it('prunes published rows and old idempotency keys past the retention, keeping unpublished rows', async () => {
  // Stopped, so the row inserted unpublished below stays unpublished.
  await fixture.service.relay.stop();
  await queryDatabase(
    fixture.database,
    `INSERT INTO outbox (message_id, exchange, payload, published_at)
     VALUES (gen_random_uuid(), 'x', '{}', NULL), (gen_random_uuid(), 'y', '{}', now() - interval '30 days')`,
  );
  const before = await queryDatabase<{ n: string }>(fixture.database, 'SELECT count(*) AS n FROM outbox');
  const pruned = await fixture.service.relay.pruneOnce(new Date(Date.now() + 8 * 24 * 60 * 60 * 1000));
  const after = await queryDatabase<{ exchange: string }>(fixture.database, 'SELECT exchange FROM outbox');
  // Every published row (the one relayed above and the old one) is gone; the unpublished one stays.
  expect(pruned.outbox).toBe(Number(before[0]?.n) - 1);
  expect(after).toEqual([{ exchange: 'x' }]);
  expect(pruned.idempotencyKeys).toBe(1);
});
