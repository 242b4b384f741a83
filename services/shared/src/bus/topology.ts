import type { Channel } from 'amqplib';

/** The fanout exchange MassTransit publishes a message type to: `<namespace>:<name>`. */
export function messageExchangeName(namespace: string, name: string): string {
  return `${namespace}:${name}`;
}

/** `rabbitmq://host[:port]/[vhost/]name` (rabbitmqs over TLS), as MassTransit writes addresses. */
export function endpointAddress(brokerUrl: string, name: string): string {
  const url = new URL(brokerUrl);
  const scheme = url.protocol === 'amqps:' ? 'rabbitmqs' : 'rabbitmq';
  const defaultPort = url.protocol === 'amqps:' ? '5671' : '5672';
  const vhost = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const address = new URL(`${scheme}://${url.hostname}`);
  if (url.port !== '' && url.port !== defaultPort) address.port = url.port;
  address.pathname = vhost === '' || vhost === '/' ? `/${name}` : `/${encodeURIComponent(vhost)}/${name}`;
  return address.href;
}

/** Declares a message-type exchange: durable fanout, no arguments (as MassTransit does). */
export async function declareMessageExchange(channel: Channel, name: string): Promise<void> {
  await channel.assertExchange(name, 'fanout', { durable: true, autoDelete: false });
}

/** The names a receive endpoint occupies on the broker. */
export interface EndpointNames {
  readonly queue: string;
  readonly error: string;
  readonly skipped: string;
}

/** The queue and its `_error` and `_skipped` siblings. */
export function endpointNames(endpoint: string): EndpointNames {
  return { queue: endpoint, error: `${endpoint}_error`, skipped: `${endpoint}_skipped` };
}

async function declareQueueWithExchange(channel: Channel, name: string, queueType: string): Promise<void> {
  await channel.assertExchange(name, 'fanout', { durable: true, autoDelete: false });
  await channel.assertQueue(name, { durable: true, autoDelete: false, arguments: { 'x-queue-type': queueType } });
  await channel.bindQueue(name, name, '');
}

/**
 * Declares a MassTransit receive endpoint: an exchange and a queue of the endpoint's name bound
 * together, each message-type exchange bound exchange-to-exchange to it, and the `_error` and
 * `_skipped` exchange/queue pairs. `x-queue-type` is pinned on every queue so a broker whose
 * default differs (Amazon MQ 4.x defaults to quorum) declares the same queues.
 */
export async function declareReceiveEndpoint(
  channel: Channel,
  endpoint: string,
  queueType: 'quorum' | 'classic',
  messageExchanges: readonly string[],
): Promise<EndpointNames> {
  const names = endpointNames(endpoint);
  await declareQueueWithExchange(channel, names.queue, queueType);
  for (const exchange of messageExchanges) {
    await declareMessageExchange(channel, exchange);
    await channel.bindExchange(names.queue, exchange, '');
  }
  await declareQueueWithExchange(channel, names.error, queueType);
  await declareQueueWithExchange(channel, names.skipped, queueType);
  return names;
}

/**
 * The exchange a MassTransit address names: the last path segment of `rabbitmq://host/[vhost/]name`
 * (query such as `?bind=true` ignored), or the name in a short `exchange:name` / `queue:name`.
 *
 * @returns undefined when the address names no exchange this side can reach.
 */
export function exchangeOfAddress(address: string): string | undefined {
  const short = /^(?:exchange|queue):([^?]+)/i.exec(address);
  if (short !== null) return decodeURIComponent(short[1]!);
  if (!URL.canParse(address)) return undefined;
  const url = new URL(address);
  if (url.protocol !== 'rabbitmq:' && url.protocol !== 'rabbitmqs:') return undefined;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  return segments.length === 0 ? undefined : decodeURIComponent(segments[segments.length - 1]!);
}

/**
 * Declares the exchange of an event type and its base-type exchanges, each bound to the next, as
 * MassTransit's publish topology does for a published type that implements interfaces (e.g.
 * `MassTransit:Fault--<T>--` -> `MassTransit:Fault`).
 */
export async function declarePublishExchanges(channel: Channel, exchange: string, baseExchanges: readonly string[]) {
  await declareMessageExchange(channel, exchange);
  for (const base of baseExchanges) {
    await declareMessageExchange(channel, base);
    await channel.bindExchange(base, exchange, '');
  }
}
