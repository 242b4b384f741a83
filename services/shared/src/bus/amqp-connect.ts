import { connect, type ChannelModel } from 'amqplib';

/** Opens a connection named after the service (visible in the broker's management UI). */
export async function amqpConnect(url: string, connectionName: string): Promise<ChannelModel> {
  return connect(url, { clientProperties: { connection_name: connectionName }, timeout: 5_000 });
}
