import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Options } from 'amqplib';
import type { BusNames } from './wiring-targets.ts';

/** An `EntryRegistered` message, the contract's properties (docs/messaging.md, "Consuming"). */
export interface EntryRegisteredMessage {
  readonly entryId: string;
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly date: string;
  readonly description: string;
  readonly createdAt: string;
}

/** What goes on the wire: the body and the AMQP properties a MassTransit 8 publisher sets. */
export interface EnvelopeDelivery {
  readonly exchange: string;
  readonly messageId: string;
  readonly body: Buffer;
  readonly properties: Options.Publish;
}

/** `<namespace>:EntryRegistered`, the message type's fanout exchange. */
export function messageExchange(bus: BusNames): string {
  return `${bus.namespace}:EntryRegistered`;
}

/**
 * A golden envelope, written from MassTransit 8's documented format rather than from this
 * system's own publisher (so a shared mistake cannot hide): System.Text.Json's camelCase
 * `JsonMessageEnvelope` with every field, nulls written, content type
 * `application/vnd.masstransit+json`, persistent, `message_id` and `correlation_id` set, as
 * `RabbitMqSendTransportContext` publishes it. `host` is a .NET 8 host's block.
 */
export function goldenEnvelope(
  bus: BusNames,
  message: EntryRegisteredMessage,
  options: { readonly messageId?: string; readonly brokerHost: string } = { brokerHost: 'localhost' },
): EnvelopeDelivery {
  const messageId = options.messageId ?? randomUUID();
  const exchange = messageExchange(bus);
  const envelope = {
    messageId,
    requestId: null,
    correlationId: message.entryId,
    conversationId: randomUUID(),
    initiatorId: null,
    sourceAddress: `rabbitmq://${options.brokerHost}/${hostname()}_parity_bus_${messageId.slice(0, 8)}?temporary=true`,
    destinationAddress: `rabbitmq://${options.brokerHost}/${exchange}`,
    responseAddress: null,
    faultAddress: null,
    messageType: [`urn:message:${bus.namespace}:EntryRegistered`],
    message,
    expirationTime: null,
    sentTime: new Date().toISOString(),
    headers: {},
    host: {
      machineName: hostname(),
      processName: 'Cashflow.ParityGate',
      processId: process.pid,
      assembly: 'Cashflow.ParityGate',
      assemblyVersion: '1.0.0.0',
      frameworkVersion: '8.0.11',
      massTransitVersion: '8.3.4.0',
      operatingSystemVersion: 'Unix 6.1.0.0',
    },
  };
  return {
    exchange,
    messageId,
    body: Buffer.from(JSON.stringify(envelope, null, 2)),
    properties: {
      contentType: 'application/vnd.masstransit+json',
      persistent: true,
      messageId,
      correlationId: message.entryId,
      headers: {},
    },
  };
}

/**
 * A poison message: a well-formed golden envelope whose message breaks the contract (an amount
 * that is not positive), so the consumer's handler faults on every attempt and the message must
 * move to `<endpoint>_error` with the `MT-Fault-*` headers.
 */
export function poisonEnvelope(bus: BusNames, date: string, brokerHost: string): EnvelopeDelivery {
  return goldenEnvelope(
    bus,
    {
      entryId: randomUUID(),
      type: 'credit',
      amountCents: 0,
      date,
      description: 'parity gate: poison message',
      createdAt: new Date().toISOString(),
    },
    { brokerHost },
  );
}
