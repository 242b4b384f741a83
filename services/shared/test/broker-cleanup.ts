import { connect } from 'amqplib';
import { FAULT_EXCHANGE, RECEIVE_FAULT_EXCHANGE } from '../src/bus/fault-event.ts';
import { TEST_SERVERS } from './test-env.ts';

/** Deletes a test's queues and exchanges (with their `_error`/`_skipped` siblings). */
export async function deleteBrokerObjects(names: { queues?: string[]; exchanges?: string[] }): Promise<void> {
  const connection = await connect(TEST_SERVERS.amqp);
  try {
    const channel = await connection.createChannel();
    for (const queue of names.queues ?? []) await channel.deleteQueue(queue);
    for (const exchange of names.exchanges ?? []) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * The broker objects of one receive endpoint and one message-type exchange, with the `Fault<T>`
 * exchange a faulting consumer declares (`MassTransit:Fault--<ns>:<name>--`).
 */
export function endpointObjects(endpoint: string, messageExchange: string) {
  const all = [endpoint, `${endpoint}_error`, `${endpoint}_skipped`];
  return { queues: all, exchanges: [...all, messageExchange, `${FAULT_EXCHANGE}--${messageExchange}--`] };
}

/**
 * Deletes `MassTransit:Fault` and `MassTransit:ReceiveFault` unless something still consumes from
 * them: their names are global, so a parallel run may have bound a queue to one of them.
 */
export async function deleteSharedFaultExchanges(): Promise<void> {
  const connection = await connect(TEST_SERVERS.amqp);
  try {
    for (const exchange of [FAULT_EXCHANGE, RECEIVE_FAULT_EXCHANGE]) {
      const channel = await connection.createChannel();
      // The broker closes the channel when the exchange is in use; that is the expected answer.
      channel.on('error', () => undefined);
      await channel
        .deleteExchange(exchange, { ifUnused: true })
        .then(() => channel.close())
        .catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}
