import { randomUUID } from 'node:crypto';
import type { MessageEnvelope } from './envelope.ts';
import type { HostInfo } from './host-info.ts';

const urnPrefix = 'urn:message:';
const maxTextLength = 2048;

/** The URN of the non-generic `MassTransit.Fault` interface every `Fault<T>` also carries. */
export const FAULT_URN = 'urn:message:MassTransit:Fault';
/** The URN of `MassTransit.ReceiveFault`, published when a message cannot even be deserialized. */
export const RECEIVE_FAULT_URN = 'urn:message:MassTransit:ReceiveFault';
/** The exchange `Fault<T>` exchanges are bound to, as MassTransit's publish topology binds them. */
export const FAULT_EXCHANGE = 'MassTransit:Fault';
/** The exchange MassTransit publishes `ReceiveFault` to. */
export const RECEIVE_FAULT_EXCHANGE = 'MassTransit:ReceiveFault';

/** `urn:message:MassTransit:Fault[[<ns>:<name>]]` for the message type `urn:message:<ns>:<name>`. */
export function faultUrn(messageUrn: string): string {
  return `${FAULT_URN}[[${typeNameOf(messageUrn)}]]`;
}

/**
 * `MassTransit:Fault--<ns>:<name>--`: the RabbitMQ exchange of `Fault<T>`, named by MassTransit's
 * RabbitMQ message name formatter (generic arguments between `--`, nested types joined by `-`).
 */
export function faultExchangeName(messageUrn: string): string {
  return `${FAULT_EXCHANGE}--${typeNameOf(messageUrn).replaceAll('+', '-')}--`;
}

function typeNameOf(messageUrn: string): string {
  return messageUrn.toLowerCase().startsWith(urnPrefix) ? messageUrn.slice(urnPrefix.length) : messageUrn;
}

/** One element of a fault's `exceptions`, as MassTransit's `FaultExceptionInfo` writes it. */
export interface ExceptionInfo {
  exceptionType: string;
  innerException: ExceptionInfo | null;
  stackTrace: string;
  message: string;
  source: string;
  data: Record<string, unknown> | null;
}

/** MassTransit truncates fault messages and stack traces to 2048 characters. */
export function truncateFaultText(text: string): string {
  return text.length > maxTextLength ? text.slice(0, maxTextLength) : text;
}

/** The stack frames only: .NET's `Exception.StackTrace` does not repeat the type and message. */
export function stackTraceOf(error: Error): string {
  const lines = (error.stack ?? '').split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  return truncateFaultText(firstFrame === -1 ? '' : lines.slice(firstFrame).join('\n'));
}

/** Describes an error the way `FaultExceptionInfo` describes a .NET exception. */
export function exceptionInfo(error: Error, exceptionType: string, source: string): ExceptionInfo {
  return {
    exceptionType,
    innerException: null,
    stackTrace: stackTraceOf(error),
    message: truncateFaultText(error.message),
    source,
    data: null,
  };
}

/** What a fault event needs to know about the message that faulted. */
export interface FaultedMessage {
  readonly envelope: MessageEnvelope | undefined;
  /** The address of the endpoint that received it (`MT-Fault-InputAddress`, the fault's source). */
  readonly inputAddress: string;
  readonly host: HostInfo;
  readonly exception: ExceptionInfo;
  readonly retryCount: number;
}

/** A fault event to publish (or send to the faulted message's fault or response address). */
export interface FaultEnvelope {
  readonly envelope: MessageEnvelope;
  /** The address named by the faulted message, if any; otherwise the event is published. */
  readonly destination: string | null;
}

function faultBase(faulted: FaultedMessage, messageType: string[], destinationAddress: string, message: unknown) {
  const original = faulted.envelope;
  const messageId = randomUUID();
  // TransferConsumeContextHeaders: non-MassTransit headers travel with the fault.
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(original?.headers ?? {})) if (!key.startsWith('MT-')) headers[key] = value;
  if (faulted.retryCount > 0) headers['MT-Fault-RetryCount'] = faulted.retryCount;
  const envelope: MessageEnvelope = {
    messageId,
    requestId: original?.requestId ?? null,
    correlationId: original?.correlationId ?? null,
    conversationId: original?.conversationId ?? null,
    initiatorId: original?.correlationId ?? original?.requestId ?? null,
    sourceAddress: faulted.inputAddress,
    destinationAddress,
    responseAddress: null,
    faultAddress: null,
    messageType,
    message,
    expirationTime: null,
    sentTime: new Date().toISOString(),
    headers,
    host: faulted.host,
  };
  return envelope;
}

/**
 * `Fault<T>` for a consumer that threw: sent to the message's `faultAddress`, else its
 * `responseAddress`, else published to `MassTransit:Fault--<T>--` (MassTransit's `GenerateFault`).
 *
 * @param handledUrn the URN of `T`, the type the consumer handled.
 * @param message the message as the consumer read it.
 * @param publishAddress the `rabbitmq://` address of the fault exchange, for `destinationAddress`.
 */
export function createFaultEvent(
  faulted: FaultedMessage,
  handledUrn: string,
  message: unknown,
  publishAddress: string,
): FaultEnvelope {
  const original = faulted.envelope;
  const destination = original?.faultAddress ?? original?.responseAddress ?? null;
  const envelope = faultBase(faulted, [faultUrn(handledUrn), FAULT_URN], destination ?? publishAddress, {
    faultId: randomUUID(),
    faultedMessageId: original?.messageId ?? null,
    timestamp: new Date().toISOString(),
    exceptions: [faulted.exception],
    host: faulted.host,
    faultMessageTypes: original?.messageType ?? [],
    message,
  });
  return { envelope, destination };
}

/**
 * `ReceiveFault` for a message that could not be deserialized (MassTransit's `GenerateFaultFilter`):
 * published to `MassTransit:ReceiveFault`, or sent to a fault/response address the envelope names.
 */
export function createReceiveFaultEvent(
  faulted: FaultedMessage,
  contentType: string,
  transportMessageId: string | null,
  publishAddress: string,
): FaultEnvelope {
  const original = faulted.envelope;
  const destination = original?.faultAddress ?? original?.responseAddress ?? null;
  const envelope = faultBase(faulted, [RECEIVE_FAULT_URN], destination ?? publishAddress, {
    faultId: randomUUID(),
    timestamp: new Date().toISOString(),
    faultedMessageId: original?.messageId ?? transportMessageId,
    exceptions: [faulted.exception],
    host: faulted.host,
    faultMessageTypes: original?.messageType ?? null,
    contentType,
  });
  return { envelope, destination };
}
