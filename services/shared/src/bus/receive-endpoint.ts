import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { Backoff, delay } from '../backoff.ts';
import { amqpConnect } from './amqp-connect.ts';
import { deserializeMessage, mediaTypeOf, type DeserializedMessage } from './deserialize-message.ts';
import { EnvelopeError, MASSTRANSIT_CONTENT_TYPE, type MessageEnvelope } from './envelope.ts';
import {
  createFaultEvent,
  createReceiveFaultEvent,
  exceptionInfo,
  FAULT_EXCHANGE,
  faultExchangeName,
  RECEIVE_FAULT_EXCHANGE,
  stackTraceOf,
  truncateFaultText,
  type FaultEnvelope,
} from './fault-event.ts';
import { hostHeaders, type HostInfo } from './host-info.ts';
import { readMessageProperties } from './message-properties.ts';
import { parseGuid } from './parse-guid.ts';
import {
  declareMessageExchange,
  declarePublishExchanges,
  declareReceiveEndpoint,
  endpointAddress,
  exchangeOfAddress,
  type EndpointNames,
} from './topology.ts';

/** Handles one message type; throwing faults the message to `<queue>_error`. */
export interface MessageHandler {
  /** `urn:message:<namespace>:<name>`, matched case-insensitively. */
  readonly messageType: string;
  /** The .NET-style consumer name written to `MT-Fault-ConsumerType`. */
  readonly consumerType: string;
  /**
   * The contract's camelCase property names. When given, `envelope.message` holds exactly these,
   * matched case-insensitively from what arrived, as MassTransit deserializes into a .NET type;
   * the published `Fault<T>` carries the message in that shape.
   */
  readonly messageProperties?: readonly string[];
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
  /**
   * Unacknowledged messages held at most. The consolidated consumer applies the messages it handles
   * together in one statement, so when it falls behind a larger window makes its batches larger and
   * each message cheaper (docs/performance.md, "Entries"); a crash redelivers at most this many,
   * which the inbox discards. @default 100
   */
  readonly prefetch?: number;
  /** In-process retries of a throwing handler before the message faults. @default 2 */
  readonly retryLimit?: number;
  /** @default 100 */
  readonly retryDelayMs?: number;
  /**
   * Failures that say nothing about the message (its database unreachable or restarting): the
   * handler is retried with a capped backoff for as long as they last, and the message is never
   * faulted for them; if the endpoint stops meanwhile, it stays unacked and the broker redelivers
   * it. Without this, an outage longer than the retries would move good messages to `_error`.
   * @default none is transient
   */
  readonly isTransient?: (err: unknown) => boolean;
  /** Cap of the backoff between retries of a transient failure. @default 5000 */
  readonly transientRetryMaxMs?: number;
  /** @default 250 */
  readonly reconnectInitialMs?: number;
  /** @default 10000 */
  readonly reconnectMaxMs?: number;
  /**
   * Called after a handler resolved (its effects committed) and before the message is acked. For
   * fault injection only: a crash here is the window that exactly-once processing must survive.
   */
  readonly beforeAck?: (envelope: MessageEnvelope) => void;
}

/**
 * A MassTransit-style receive endpoint on RabbitMQ: declares its topology, reads envelopes and raw
 * JSON, dispatches by `messageType`, publishes `Fault<T>` (or `ReceiveFault`) for poison messages
 * and moves them to `_error` (with `MT-Fault-*` headers), moves unknown types to `_skipped`, and
 * reconnects with capped backoff until {@link stop} is called.
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
      await channel.prefetch(this.options.prefetch ?? 100);
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
    let received: DeserializedMessage;
    try {
      received = deserializeMessage(message.content, message.properties);
    } catch (err) {
      const error = asError(err);
      this.options.logger.error({ err: error }, 'message could not be deserialized');
      const mediaType = mediaTypeOf(message.properties.contentType as string | undefined) ?? MASSTRANSIT_CONTENT_TYPE;
      const transportId = parseGuid(
        String(message.properties.headers?.MessageId ?? message.properties.messageId ?? ''),
      );
      const fault = createReceiveFaultEvent(
        this.faulted(undefined, error, 0),
        mediaType,
        transportId ?? null,
        this.address(RECEIVE_FAULT_EXCHANGE),
      );
      await this.publishFault(fault, RECEIVE_FAULT_EXCHANGE, []);
      await this.move(moves, names.error, message, this.faultHeaders(error, 0, undefined), true);
      channel.ack(message);
      return;
    }
    const handler = this.handlerFor(received);
    if (handler === undefined) {
      const { messageId, messageType } = received.envelope;
      this.options.logger.warn({ messageId, messageType }, 'message skipped');
      // MassTransit's dead-letter filter names the reason "dead-letter" and keeps the expiration.
      const headers = { 'MT-Reason': 'dead-letter', ...hostHeaders(this.options.host) };
      await this.move(moves, names.skipped, message, headers, false);
      channel.ack(message);
      return;
    }
    const envelope =
      handler.messageProperties === undefined
        ? received.envelope
        : {
            ...received.envelope,
            message: readMessageProperties(
              received.envelope.message as Record<string, unknown>,
              handler.messageProperties,
            ),
          };
    const retryLimit = this.options.retryLimit ?? 2;
    const transientBackoff = new Backoff(this.options.retryDelayMs ?? 100, this.options.transientRetryMaxMs ?? 5_000);
    for (let attempt = 0; ;) {
      try {
        await handler.handle(envelope);
        this.options.beforeAck?.(envelope);
        channel.ack(message);
        return;
      } catch (err) {
        if (this.options.isTransient?.(err) === true) {
          // Not the message's fault: wait for the dependency, without spending the message's retries.
          if (this.stopping.signal.aborted) return;
          const retryInMs = transientBackoff.next();
          this.options.logger.warn(
            { err: asError(err), messageId: envelope.messageId, retryInMs },
            'message hit a transient failure; retrying',
          );
          await delay(retryInMs, this.stopping.signal);
          if (this.stopping.signal.aborted) return;
          continue;
        }
        if (attempt >= retryLimit || this.stopping.signal.aborted) {
          const error = asError(err);
          this.options.logger.error({ err: error, messageId: envelope.messageId }, 'message faulted');
          const publishExchange = faultExchangeName(handler.messageType);
          const fault = createFaultEvent(
            this.faulted(envelope, error, attempt),
            handler.messageType,
            envelope.message,
            this.address(publishExchange),
          );
          await this.publishFault(fault, publishExchange, [FAULT_EXCHANGE]);
          await this.move(moves, names.error, message, this.faultHeaders(error, attempt, handler), true);
          channel.ack(message);
          return;
        }
        await delay((this.options.retryDelayMs ?? 100) * (attempt + 1), this.stopping.signal);
        attempt += 1;
      }
    }
  }

  /**
   * The handler for a message: one of whose types is in `messageType` (compared ignoring case), or
   * for raw JSON without an `MT-MessageType` header, the first, since MassTransit's raw deserializer
   * then lets any consumer read it.
   */
  private handlerFor(received: DeserializedMessage): MessageHandler | undefined {
    const { messageType } = received.envelope;
    if (received.serializer === 'raw-json' && messageType.length === 0) return this.options.handlers[0];
    const wanted = new Set(messageType.map((t) => t.toLowerCase()));
    return this.options.handlers.find((h) => wanted.has(h.messageType.toLowerCase()));
  }

  /** `rabbitmq://host/[vhost/]name` of an exchange or queue on this endpoint's broker. */
  private address(name: string): string {
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    return endpointAddress(url, name);
  }

  private faulted(envelope: MessageEnvelope | undefined, error: Error, retryCount: number) {
    return {
      envelope,
      inputAddress: this.address(this.options.endpointName),
      host: this.options.host,
      exception: exceptionInfo(error, exceptionTypeOf(error), this.options.host.assembly),
      retryCount,
    };
  }

  /**
   * Publishes a fault event on a channel of its own, so a broker refusing it (a fault address
   * naming an exchange of another type) cannot close the channels the endpoint consumes and moves
   * on. A fault event that cannot be published is logged; the message still moves to `_error`.
   */
  private async publishFault(fault: FaultEnvelope, publishExchange: string, baseExchanges: readonly string[]) {
    const connection = this.connection;
    if (connection === undefined) return;
    let faults: ConfirmChannel | undefined;
    try {
      faults = await connection.createConfirmChannel();
      faults.on('error', (err: Error) => this.options.logger.warn({ err }, 'fault channel error'));
      let exchange = publishExchange;
      if (fault.destination === null) {
        await declarePublishExchanges(faults, publishExchange, baseExchanges);
      } else {
        const named = exchangeOfAddress(fault.destination);
        if (named === undefined) throw new Error(`The fault address ${fault.destination} names no exchange`);
        exchange = named;
        await declareMessageExchange(faults, exchange);
      }
      const { envelope } = fault;
      faults.publish(exchange, '', Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        contentType: MASSTRANSIT_CONTENT_TYPE,
        messageId: envelope.messageId,
        ...(envelope.correlationId === null ? {} : { correlationId: envelope.correlationId }),
      });
      await faults.waitForConfirms();
    } catch (err) {
      this.options.logger.warn({ err, destination: fault.destination ?? publishExchange }, 'fault event not published');
    } finally {
      await faults?.close().catch(() => undefined);
    }
  }

  private faultHeaders(error: Error, retryCount: number, handler: MessageHandler | undefined) {
    return {
      'MT-Reason': 'fault',
      'MT-Fault-ExceptionType': exceptionTypeOf(error),
      'MT-Fault-InputAddress': this.address(this.options.endpointName),
      'MT-Fault-Message': truncateFaultText(error.message),
      'MT-Fault-Timestamp': new Date().toISOString(),
      'MT-Fault-StackTrace': stackTraceOf(error),
      ...(handler === undefined
        ? {}
        : { 'MT-Fault-ConsumerType': handler.consumerType, 'MT-Fault-MessageType': handler.messageType }),
      // MassTransit writes the retry count only when there was a retry.
      ...(retryCount > 0 ? { 'MT-Fault-RetryCount': retryCount } : {}),
      ...hostHeaders(this.options.host),
    };
  }

  /**
   * Republishes the message with all its AMQP properties and extra headers, confirmed, as
   * MassTransit's move transport copies the delivered properties. A move to `_error` clears the
   * expiration, so a faulted message waits there until someone looks at it.
   */
  private async move(
    moves: ConfirmChannel,
    exchange: string,
    message: ConsumeMessage,
    headers: Record<string, unknown>,
    clearExpiration: boolean,
  ): Promise<void> {
    const p = message.properties;
    const copied: Options.Publish = {
      contentType: p.contentType,
      contentEncoding: p.contentEncoding,
      deliveryMode: p.deliveryMode,
      priority: p.priority,
      correlationId: p.correlationId,
      replyTo: p.replyTo,
      expiration: clearExpiration ? undefined : p.expiration,
      messageId: p.messageId,
      timestamp: p.timestamp,
      type: p.type,
      userId: p.userId,
      appId: p.appId,
    };
    const options = Object.fromEntries(Object.entries(copied).filter(([, v]) => v !== undefined)) as Options.Publish;
    options.headers = { ...(p.headers ?? {}), ...headers };
    moves.publish(exchange, message.fields.routingKey, message.content, options);
    await moves.waitForConfirms();
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** The .NET exception type MassTransit would report for an error. */
function exceptionTypeOf(error: Error): string {
  return error instanceof EnvelopeError ? error.exceptionType : `System.${error.name}`;
}
