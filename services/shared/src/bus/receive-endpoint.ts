import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { Backoff, delay } from '../backoff.ts';
import { amqpConnect } from './amqp-connect.ts';
import { EnvelopeError, MASSTRANSIT_CONTENT_TYPE, parseEnvelope, type MessageEnvelope } from './envelope.ts';
import { hostHeaders, type HostInfo } from './host-info.ts';
import { declareReceiveEndpoint, type EndpointNames } from './topology.ts';

/** Handles one message type; throwing faults the message to `<queue>_error`. */
export interface MessageHandler {
  /** `urn:message:<namespace>:<name>`, matched case-insensitively. */
  readonly messageType: string;
  /** The .NET-style consumer name written to `MT-Fault-ConsumerType`. */
  readonly consumerType: string;
  handle(envelope: MessageEnvelope): Promise<void>;
}

/** Options for {@link ReceiveEndpoint}. */
export interface ReceiveEndpointOptions {
  readonly url: string | (() => string);
  readonly connectionName: string;
  /** Queue and exchange name, e.g. `entry-registered`. */
  readonly endpointName: string;
  readonly queueType: 'quorum' | 'classic';
  /** Message-type exchanges bound to the endpoint exchange. */
  readonly messageExchanges: readonly string[];
  readonly handlers: readonly MessageHandler[];
  readonly host: HostInfo;
  readonly logger: Logger;
  /** @default 16 (MassTransit's default for small hosts) */
  readonly prefetch?: number;
  /** In-process retries of a throwing handler before the message faults. @default 2 */
  readonly retryLimit?: number;
  /** @default 100 */
  readonly retryDelayMs?: number;
  /** @default 250 */
  readonly reconnectInitialMs?: number;
  /** @default 10000 */
  readonly reconnectMaxMs?: number;
}

const acceptedContentTypes = new Set([MASSTRANSIT_CONTENT_TYPE, 'application/json']);

/**
 * A MassTransit-style receive endpoint on RabbitMQ: declares its topology, dispatches envelopes
 * by `messageType`, moves poison messages to `_error` (with `MT-Fault-*` headers) and unknown
 * types to `_skipped`, and reconnects with capped backoff until {@link stop} is called.
 */
export class ReceiveEndpoint {
  private connection: ChannelModel | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private readyWaiters: Array<() => void> = [];
  private isReady = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: ReceiveEndpointOptions) {}

  /** Starts connecting in the background; the service does not wait for the broker. */
  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Resolves once the topology is declared and the consumer is attached.
   *
   * @throws when that has not happened within `timeoutMs`.
   */
  async ready(timeoutMs: number): Promise<void> {
    if (this.isReady) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.readyWaiters.push(resolve)),
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`receive endpoint ${this.options.endpointName} not ready after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Stops consuming, lets in-flight messages finish, closes the connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
    await this.connection?.close().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.options.reconnectInitialMs ?? 250, this.options.reconnectMaxMs ?? 10_000);
    while (!this.stopping.signal.aborted) {
      try {
        const closed = await this.connectAndConsume();
        backoff.reset();
        await closed;
      } catch (err) {
        this.options.logger.warn(
          { err, endpoint: this.options.endpointName },
          'receive endpoint cannot reach the broker',
        );
      }
      this.isReady = false;
      if (!this.stopping.signal.aborted) await delay(backoff.next(), this.stopping.signal);
    }
  }

  /** Resolves with a promise that settles when the connection closes. */
  private async connectAndConsume(): Promise<Promise<void>> {
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    const connection = await amqpConnect(url, this.options.connectionName);
    const closed = new Promise<void>((resolve) => connection.on('close', () => resolve()));
    connection.on('error', (err: Error) => this.options.logger.warn({ err }, 'consumer connection error'));
    this.connection = connection;
    try {
      if (this.stopping.signal.aborted) throw new Error('stopped while connecting');
      const channel = await connection.createChannel();
      const moves = await connection.createConfirmChannel();
      // A channel the broker closes (a channel-level error) would leave the connection open and
      // the endpoint silently idle; closing the connection turns it into a reconnect.
      for (const ch of [channel, moves]) {
        ch.on('error', (err: Error) => this.options.logger.warn({ err }, 'consumer channel error'));
        ch.on('close', () => {
          if (!this.stopping.signal.aborted) void connection.close().catch(() => undefined);
        });
      }
      const { endpointName, queueType, messageExchanges } = this.options;
      const names = await declareReceiveEndpoint(channel, endpointName, queueType, messageExchanges);
      await channel.prefetch(this.options.prefetch ?? 16);
      await channel.consume(names.queue, (message) => {
        if (message === null) return;
        const work = this.dispatch(channel, moves, names, message).catch((err: unknown) => {
          this.options.logger.error({ err }, 'message could not be settled; the broker will redeliver it');
        });
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      });
      this.options.logger.info({ endpoint: endpointName }, 'receive endpoint ready');
      this.isReady = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      return closed;
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  }

  private async dispatch(channel: Channel, moves: ConfirmChannel, names: EndpointNames, message: ConsumeMessage) {
    const contentType = message.properties.contentType as string | undefined;
    let envelope: MessageEnvelope;
    try {
      if (contentType !== undefined && !acceptedContentTypes.has(contentType)) {
        throw new EnvelopeError(`No deserializer for content type ${contentType}`);
      }
      envelope = parseEnvelope(message.content);
    } catch (err) {
      await this.move(moves, names.error, message, this.faultHeaders(err, 0, undefined));
      channel.ack(message);
      return;
    }
    const wanted = new Set(envelope.messageType.map((t) => t.toLowerCase()));
    const handler = this.options.handlers.find((h) => wanted.has(h.messageType.toLowerCase()));
    if (handler === undefined) {
      this.options.logger.warn({ messageId: envelope.messageId, messageType: envelope.messageType }, 'message skipped');
      await this.move(moves, names.skipped, message, { 'MT-Reason': 'skip', ...hostHeaders(this.options.host) });
      channel.ack(message);
      return;
    }
    const retryLimit = this.options.retryLimit ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await handler.handle(envelope);
        channel.ack(message);
        return;
      } catch (err) {
        if (attempt >= retryLimit || this.stopping.signal.aborted) {
          this.options.logger.error({ err, messageId: envelope.messageId }, 'message faulted');
          await this.move(moves, names.error, message, this.faultHeaders(err, attempt, handler));
          channel.ack(message);
          return;
        }
        await delay((this.options.retryDelayMs ?? 100) * (attempt + 1), this.stopping.signal);
      }
    }
  }

  private faultHeaders(err: unknown, retryCount: number, handler: MessageHandler | undefined) {
    const error = err instanceof Error ? err : new Error(String(err));
    const exceptionType = error instanceof EnvelopeError ? error.exceptionType : `System.${error.name}`;
    return {
      'MT-Reason': 'fault',
      'MT-Fault-ExceptionType': exceptionType,
      'MT-Fault-Message': error.message,
      'MT-Fault-Timestamp': new Date().toISOString(),
      'MT-Fault-StackTrace': error.stack ?? '',
      'MT-Fault-RetryCount': retryCount,
      ...(handler === undefined
        ? {}
        : { 'MT-Fault-ConsumerType': handler.consumerType, 'MT-Fault-MessageType': handler.messageType }),
      ...hostHeaders(this.options.host),
    };
  }

  /** Republishes the message unchanged (body and properties) with extra headers, confirmed. */
  private async move(
    moves: ConfirmChannel,
    exchange: string,
    message: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const { properties } = message;
    const options: Options.Publish = {
      contentType: properties.contentType as string | undefined,
      messageId: properties.messageId as string | undefined,
      correlationId: properties.correlationId as string | undefined,
      persistent: true,
      headers: { ...(properties.headers ?? {}), ...headers },
    };
    moves.publish(exchange, '', message.content, options);
    await moves.waitForConfirms();
  }
}
