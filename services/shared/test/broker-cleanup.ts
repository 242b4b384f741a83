import { connect } from 'amqplib';
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

/** The broker objects of one receive endpoint and one message-type exchange. */
export function endpointObjects(endpoint: string, messageExchange: string) {
  const all = [endpoint, `${endpoint}_error`, `${endpoint}_skipped`];
  return { queues: all, exchanges: [...all, messageExchange] };
}
