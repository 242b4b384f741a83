import type { HostInfo } from './host-info.ts';

/** The MassTransit envelope content type. */
export const MASSTRANSIT_CONTENT_TYPE = 'application/vnd.masstransit+json';

/** A MassTransit message envelope (camelCase JSON, as MassTransit 8 writes it). */
export interface MessageEnvelope<T = unknown> {
  messageId: string;
  requestId: string | null;
  correlationId: string | null;
  conversationId: string | null;
  initiatorId: string | null;
  sourceAddress: string | null;
  destinationAddress: string | null;
  responseAddress: string | null;
  faultAddress: string | null;
  messageType: string[];
  message: T;
  expirationTime: string | null;
  sentTime: string | null;
  headers: Record<string, unknown>;
  host: HostInfo | null;
}

/** An envelope that cannot be read; `exceptionType` is the .NET type MassTransit would report. */
export class EnvelopeError extends Error {
  constructor(
    message: string,
    readonly exceptionType = 'MassTransit.SerializationException',
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `urn:message:<namespace>:<name>`, the type identity MassTransit matches on. */
export function messageUrn(namespace: string, name: string): string {
  return `urn:message:${namespace}:${name}`;
}

/** Options for {@link createEnvelope}. */
export interface CreateEnvelopeOptions<T> {
  readonly messageId: string;
  readonly messageType: string;
  readonly message: T;
  readonly sourceAddress: string;
  readonly destinationAddress: string;
  readonly host: HostInfo;
  readonly correlationId?: string;
  readonly sentTime?: Date;
}

/** Builds a publishable envelope; the conversation starts with this message. */
export function createEnvelope<T>(options: CreateEnvelopeOptions<T>): MessageEnvelope<T> {
  return {
    messageId: options.messageId,
    requestId: null,
    correlationId: options.correlationId ?? null,
    conversationId: options.messageId,
    initiatorId: null,
    sourceAddress: options.sourceAddress,
    destinationAddress: options.destinationAddress,
    responseAddress: null,
    faultAddress: null,
    messageType: [options.messageType],
    message: options.message,
    expirationTime: null,
    sentTime: (options.sentTime ?? new Date()).toISOString(),
    headers: {},
    host: options.host,
  };
}

function pick(record: Record<string, unknown>, name: string): unknown {
  // MassTransit's reader ignores property-name case, so "MessageId" and "messageId" are equal.
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function optionalString(record: Record<string, unknown>, name: string): string | null {
  const value = pick(record, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new EnvelopeError(`Envelope field ${name} must be a string`);
  return value;
}

/**
 * Reads an envelope from a message body.
 *
 * @throws EnvelopeError when the body is not JSON, or ids, types or message are missing or malformed.
 */
export function parseEnvelope(body: Buffer): MessageEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new EnvelopeError(`The message body is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EnvelopeError('The message body is not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  const messageId = optionalString(record, 'messageId');
  if (messageId === null || !guid.test(messageId)) {
    throw new EnvelopeError('Envelope messageId must be a GUID', 'System.FormatException');
  }
  const messageType = pick(record, 'messageType');
  if (!Array.isArray(messageType) || messageType.length === 0 || !messageType.every((t) => typeof t === 'string')) {
    throw new EnvelopeError('Envelope messageType must be a non-empty array of URNs');
  }
  const message = pick(record, 'message');
  if (typeof message !== 'object' || message === null) throw new EnvelopeError('Envelope message must be an object');
  const headers = pick(record, 'headers');
  return {
    messageId,
    requestId: optionalString(record, 'requestId'),
    correlationId: optionalString(record, 'correlationId'),
    conversationId: optionalString(record, 'conversationId'),
    initiatorId: optionalString(record, 'initiatorId'),
    sourceAddress: optionalString(record, 'sourceAddress'),
    destinationAddress: optionalString(record, 'destinationAddress'),
    responseAddress: optionalString(record, 'responseAddress'),
    faultAddress: optionalString(record, 'faultAddress'),
    messageType: messageType as string[],
    message,
    expirationTime: optionalString(record, 'expirationTime'),
    sentTime: optionalString(record, 'sentTime'),
    headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {},
    host: (pick(record, 'host') as HostInfo | undefined) ?? null,
  };
}
