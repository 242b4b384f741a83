import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  endpointAddress,
  messageExchangeName,
  messageUrn,
  type AmqpConfig,
  type HostInfo,
} from '../../../shared/src/index.ts';
import type { Entry } from './entry.ts';

/** The `message` of an `EntryRegistered` envelope; amounts in integer cents. */
export interface EntryRegistered {
  entryId: string;
  type: 'credit' | 'debit';
  amountCents: number;
  date: string;
  description: string;
  createdAt: string;
}

/** An outbox row's content: the envelope is built once, so a republish keeps its messageId. */
export interface OutboxMessage {
  readonly messageId: string;
  readonly exchange: string;
  readonly payload: string;
}

/** Builds the `EntryRegistered` envelope for a freshly stored entry. */
export function entryRegisteredMessage(entry: Entry, amqp: AmqpConfig, host: HostInfo): OutboxMessage {
  const exchange = messageExchangeName(amqp.namespace, 'EntryRegistered');
  const messageId = randomUUID();
  const message: EntryRegistered = {
    entryId: entry.id,
    type: entry.type,
    amountCents: entry.amountCents,
    date: entry.date,
    description: entry.description,
    createdAt: entry.createdAt,
  };
  const envelope = createEnvelope({
    messageId,
    correlationId: entry.id,
    messageType: messageUrn(amqp.namespace, 'EntryRegistered'),
    message,
    sourceAddress: endpointAddress(amqp.displayUrl, 'cashflow'),
    destinationAddress: endpointAddress(amqp.displayUrl, exchange),
    host,
  });
  return { messageId, exchange, payload: JSON.stringify(envelope) };
}
