import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryDatabase, signTestToken, TEST_SERVERS } from '../../../shared/test/test-env.ts';
import { startConsolidatedFixture, type ConsolidatedFixture } from '../../test/consolidated-fixture.ts';

let fixture: ConsolidatedFixture;
let connection: ChannelModel;
let channel: ConfirmChannel;
let token: string;

beforeAll(async () => {
  fixture = await startConsolidatedFixture();
  connection = await connect(TEST_SERVERS.amqp);
  channel = await connection.createConfirmChannel();
  token = await signTestToken();
});
afterAll(async () => {
  await connection?.close();
  await fixture?.[Symbol.asyncDispose]();
});

function envelope(message: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    messageId: randomUUID(),
    conversationId: randomUUID(),
    sourceAddress: 'rabbitmq://localhost/test',
    destinationAddress: `rabbitmq://localhost/${fixture.messageExchange}`,
    messageType: [`urn:message:${fixture.namespace}:EntryRegistered`],
    message,
    sentTime: new Date().toISOString(),
    headers: {},
    ...overrides,
  };
}

async function publish(body: string | object, contentType = 'application/vnd.masstransit+json') {
  const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  channel.publish(fixture.messageExchange, '', content, { contentType, persistent: true });
  await channel.waitForConfirms();
}

async function balance(date: string) {
  const res = await fixture.service.app.inject({
    url: `/api/consolidated/balances/${date}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return res.json();
}

async function nextFrom(queue: string): Promise<GetMessage> {
  return vi.waitFor(
    async () => {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) throw new Error(`no message in ${queue} yet`);
      return message;
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('EntryRegistered consumer', () => {
  it('applies a message once even when the same messageId arrives twice', async () => {
    const message = envelope({ entryId: randomUUID(), type: 'credit', amountCents: 1234, date: '2026-04-01' });
    await publish(message);
    await publish(message);
    const marker = envelope({ entryId: randomUUID(), type: 'debit', amountCents: 1, date: '2026-04-01' });
    await publish(marker);

    // The marker is consumed after both copies (one channel, in order), so waiting for it is enough.
    await expect.poll(async () => (await balance('2026-04-01')).entries, { timeout: 20_000 }).toBe(2);
    expect(await balance('2026-04-01')).toEqual({
      date: '2026-04-01',
      credits: '12.34',
      debits: '0.01',
      balance: '12.33',
      entries: 2,
    });
    const inbox = await queryDatabase(fixture.database, 'SELECT message_id FROM inbox WHERE message_id = $1', [
      message.messageId,
    ]);
    expect(inbox).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', '{"messageId": ', 'MassTransit.SerializationException'],
    ['an envelope without messageId', { messageType: ['x'], message: {} }, 'System.FormatException'],
    ['a handler failure (negative amount)', 'handler', 'System.InvalidOperationException'],
  ])('moves %s to the error queue with MassTransit fault headers and keeps consuming', async (_n, body, type) => {
    const poison =
      body === 'handler'
        ? envelope({ entryId: randomUUID(), type: 'credit', amountCents: -5, date: '2026-04-02' })
        : body;
    await publish(poison);
    const faulted = await nextFrom(`${fixture.endpoint}_error`);
    const headers = faulted.properties.headers ?? {};
    expect(headers['MT-Reason']).toBe('fault');
    expect(headers['MT-Fault-ExceptionType']).toBe(type);
    expect(typeof headers['MT-Fault-Message']).toBe('string');
    expect(Date.parse(String(headers['MT-Fault-Timestamp']))).not.toBeNaN();
    expect(String(headers['MT-Fault-StackTrace'])).not.toBe('');
    expect(headers['MT-Host-MachineName']).toBeTruthy();
    expect(headers['MT-Host-ProcessId']).toBe(String(process.pid));
    expect(faulted.content.toString()).toBe(typeof poison === 'string' ? poison : JSON.stringify(poison));

    const date = `2026-05-${String(10 + (_n.length % 15)).padStart(2, '0')}`;
    const good = envelope({ entryId: randomUUID(), type: 'credit', amountCents: 100, date });
    const before = (await balance(date)).entries as number;
    await publish(good);
    await expect.poll(async () => (await balance(date)).entries, { timeout: 20_000 }).toBe(before + 1);
  });

  it('moves an unknown message type to the skipped queue', async () => {
    const unknown = envelope({ anything: 1 }, { messageType: [`urn:message:${fixture.namespace}:SomethingElse`] });
    await publish(unknown);
    const skipped = await nextFrom(`${fixture.endpoint}_skipped`);
    expect(skipped.properties.headers?.['MT-Reason']).toBe('dead-letter');
    expect(JSON.parse(skipped.content.toString()).messageId).toBe(unknown.messageId);
  });

  it('declares the MassTransit topology with the pinned queue type', async () => {
    const check = await connection.createChannel();
    // The broker closes this channel on purpose below; its error event is expected.
    check.on('error', () => undefined);
    await check.checkExchange(fixture.messageExchange);
    await check.checkExchange(fixture.endpoint);
    const queue = await check.checkQueue(fixture.endpoint);
    expect(queue.queue).toBe(fixture.endpoint);
    // Re-declaring with a different x-queue-type must fail: proves the argument is pinned.
    await expect(
      check.assertQueue(fixture.endpoint, { durable: true, arguments: { 'x-queue-type': 'quorum' } }),
    ).rejects.toThrow(/PRECONDITION_FAILED/);
  });
});
