import { expect, test } from 'vitest';
import { goldenEnvelope, poisonEnvelope } from './masstransit-envelope.ts';

const bus = { namespace: 'Cashflow.Contracts', endpoint: 'entry-registered' };
const message = {
  entryId: '6f1c1b55-2f6a-4c2e-9a0e-3d7f1b2c4e5a',
  type: 'credit' as const,
  amountCents: 1234,
  date: '2100-01-01',
  description: 'golden',
  createdAt: '2100-01-01T00:00:00.000Z',
};

test("a golden envelope has every field of MassTransit 8's JSON envelope and a publisher's AMQP properties", () => {
  const delivery = goldenEnvelope(bus, message, {
    messageId: '0b5e1f4e-8a0d-4c53-9a3b-5b9f0c1d2e3f',
    brokerHost: 'mq',
  });
  const envelope = JSON.parse(delivery.body.toString()) as Record<string, unknown>;
  expect(Object.keys(envelope)).toEqual([
    'messageId',
    'requestId',
    'correlationId',
    'conversationId',
    'initiatorId',
    'sourceAddress',
    'destinationAddress',
    'responseAddress',
    'faultAddress',
    'messageType',
    'message',
    'expirationTime',
    'sentTime',
    'headers',
    'host',
  ]);
  expect(envelope).toMatchObject({
    messageId: '0b5e1f4e-8a0d-4c53-9a3b-5b9f0c1d2e3f',
    correlationId: message.entryId,
    destinationAddress: 'rabbitmq://mq/Cashflow.Contracts:EntryRegistered',
    messageType: ['urn:message:Cashflow.Contracts:EntryRegistered'],
    message,
  });
  expect(delivery.exchange).toBe('Cashflow.Contracts:EntryRegistered');
  expect(delivery.properties).toMatchObject({
    contentType: 'application/vnd.masstransit+json',
    persistent: true,
    messageId: '0b5e1f4e-8a0d-4c53-9a3b-5b9f0c1d2e3f',
    correlationId: message.entryId,
  });
});

test('a poison envelope is well formed but breaks the contract (amount not positive)', () => {
  const delivery = poisonEnvelope(bus, '2100-01-02', 'mq');
  const envelope = JSON.parse(delivery.body.toString()) as { message: { amountCents: number; date: string } };
  expect(envelope.message).toMatchObject({ amountCents: 0, date: '2100-01-02' });
  expect(delivery.messageId).toMatch(/^[0-9a-f-]{36}$/);
});
