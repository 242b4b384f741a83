import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { amqpConnect } from './amqp-connect.ts';
import { MASSTRANSIT_CONTENT_TYPE } from './envelope.ts';
import { declareMessageExchange } from './topology.ts';

/** One message to publish: an already serialized envelope and the exchange it goes to. */
export interface OutgoingMessage {
  readonly exchange: string;
  readonly messageId: string;
  readonly body: Buffer;
  /** The AMQP `correlation_id`. @default the envelope's `correlationId`, read from the body */
  readonly correlationId?: string;
}

/** The envelope's correlationId, which MassTransit also sets as the AMQP `correlation_id`. */
function envelopeCorrelationId(body: Buffer): string | undefined {
  try {
    const envelope = JSON.parse(body.toString('utf8')) as { correlationId?: unknown };
    return typeof envelope.correlationId === 'string' && envelope.correlationId !== ''
      ? envelope.correlationId
      : undefined;
  } catch {
    // A body that is not JSON has no correlation id to copy; the consumer faults it anyway.
    return undefined;
  }
}

/** Options for {@link BusPublisher}. */
export interface BusPublisherOptions {
  /** Read at every (re)connect, so a caller can repoint the publisher without rebuilding it. */
  readonly url: string | (() => string);
  readonly connectionName: string;
  readonly logger: Logger;
}

/**
 * Publishes envelopes on a confirm channel, the way a MassTransit publisher does: persistent,
 * `application/vnd.masstransit+json`, `message_id` and `correlation_id` set, routing key "", to
 * the message-type exchange (declared once per connection). A lost connection is reopened by the next publish; callers own the
 * retry schedule.
 */
export class BusPublisher {
  private connection: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;
  private opening: Promise<ConfirmChannel> | undefined;
  private readonly declared = new Set<string>();
  private closed = false;

  constructor(private readonly options: BusPublisherOptions) {}

  /**
   * Publishes every message and waits for the broker to confirm all of them.
   *
   * @throws when the broker is unreachable, nacks a message, or the channel drops before confirming.
   */
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('The publisher is closed');
    const channel = await this.openChannel();
    try {
      for (const message of messages) {
        if (!this.declared.has(message.exchange)) {
          await declareMessageExchange(channel, message.exchange);
          this.declared.add(message.exchange);
        }
        const correlationId = message.correlationId ?? envelopeCorrelationId(message.body);
        channel.publish(message.exchange, '', message.body, {
          persistent: true,
          contentType: MASSTRANSIT_CONTENT_TYPE,
          messageId: message.messageId,
          ...(correlationId === undefined ? {} : { correlationId }),
        });
      }
      await channel.waitForConfirms();
    } catch (err) {
      await this.dropConnection();
      throw err;
    }
  }

  /** Closes the connection; later publishes fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.dropConnection();
  }

  private openChannel(): Promise<ConfirmChannel> {
    if (this.channel !== undefined) return Promise.resolve(this.channel);
    this.opening ??= this.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async connect(): Promise<ConfirmChannel> {
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    const connection = await amqpConnect(url, this.options.connectionName);
    connection.on('error', (err: Error) => this.options.logger.warn({ err }, 'broker connection error'));
    connection.on('close', () => {
      if (this.connection === connection) this.forget();
    });
    try {
      if (this.closed) throw new Error('The publisher was closed while connecting');
      const channel = await connection.createConfirmChannel();
      channel.on('error', (err: Error) => this.options.logger.warn({ err }, 'publish channel error'));
      channel.on('close', () => {
        if (this.channel === channel) this.channel = undefined;
      });
      this.connection = connection;
      this.channel = channel;
      this.declared.clear();
      this.options.logger.info('publisher connected to the broker');
      return channel;
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  }

  private forget(): void {
    this.connection = undefined;
    this.channel = undefined;
  }

  private async dropConnection(): Promise<void> {
    const connection = this.connection;
    this.forget();
    await connection?.close().catch(() => undefined);
  }
}
