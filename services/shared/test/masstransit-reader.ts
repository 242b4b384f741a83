import type { GetMessage } from 'amqplib';

// A reader of what the project publishes, written from MassTransit 8's rules and independent of
// the project's own parser (services/shared/src/bus), so that a mistake shared by the project's
// writer and reader cannot hide. Each rule names the MassTransit source it comes from, under
// https://github.com/MassTransit/MassTransit/blob/develop/.

/** Why a MassTransit 8 consumer would refuse a message. */
class MassTransitReadError extends Error {
  override readonly name = 'MassTransitReadError';
}

function fail(reason: string): never {
  throw new MassTransitReadError(reason);
}

// System.Text.Json with PropertyNameCaseInsensitive (SystemTextJsonMessageSerializer.Options).
function get(record: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

// Guid.TryParse in EnvelopeMessageContext.ConvertIdToGuid; MassTransit itself writes the D format.
const guidD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function optionalGuid(record: Record<string, unknown>, name: string): string | null {
  const value = get(record, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !guidD.test(value)) fail(`${name} is not a Guid: ${String(value)}`);
  return value;
}

// DateTime / DateTimeOffset as System.Text.Json reads them: ISO 8601.
const iso8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

function optionalDateTime(record: Record<string, unknown>, name: string): string | null {
  const value = get(record, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !iso8601.test(value)) fail(`${name} is not an ISO 8601 DateTime: ${String(value)}`);
  return value;
}

// EnvelopeMessageContext.ConvertToUri: `new Uri(...)`, absolute; RabbitMqEndpointAddress schemes.
function optionalAddress(record: Record<string, unknown>, name: string): string | null {
  const value = get(record, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^rabbitmqs?:\/\/[^/]+\//.test(value)) fail(`${name} is not a RabbitMQ address`);
  return value;
}

// MessageUrn: urn:message:Namespace:Name, nested types with '+', generic arguments as [[...],[...]].
const urn = /^urn:message:[A-Za-z_][\w.]*:[A-Za-z_][\w+]*(\[\[.+\]\])?$/;

/** An envelope as a MassTransit 8 consumer sees it. */
export interface ReadEnvelope {
  readonly messageId: string;
  readonly correlationId: string | null;
  readonly conversationId: string | null;
  readonly initiatorId: string | null;
  readonly requestId: string | null;
  readonly sourceAddress: string | null;
  readonly destinationAddress: string | null;
  readonly messageType: readonly string[];
  readonly message: Record<string, unknown>;
  readonly sentTime: string | null;
  readonly headers: Record<string, unknown>;
  readonly host: Record<string, unknown> | null;
  /** Is `T` among the types, compared ignoring case (SystemTextJsonSerializerContext.IsSupportedMessageType)? */
  supports(messageUrn: string): boolean;
}

/**
 * Reads a delivery the way a default MassTransit 8 RabbitMQ endpoint does, and checks the AMQP
 * properties its publisher would set (RabbitMqSendTransportContext).
 *
 * @throws MassTransitReadError naming the first rule the message breaks.
 */
export function readAsMassTransit(delivery: Pick<GetMessage, 'content' | 'properties'>): ReadEnvelope {
  const { properties } = delivery;
  // Serialization.GetMessageDeserializer: by media type; the envelope serializer's is this one.
  const mediaType = String(properties.contentType ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (mediaType !== 'application/vnd.masstransit+json') fail(`content_type is ${String(properties.contentType)}`);
  if (properties.deliveryMode !== 2) fail('the message is not persistent (delivery_mode 2)');

  let parsed: unknown;
  try {
    parsed = JSON.parse(delivery.content.toString('utf8'));
  } catch {
    fail('the body is not JSON');
  }
  const record = object(parsed, 'the envelope');
  const messageId = optionalGuid(record, 'messageId') ?? fail('messageId is missing');
  const correlationId = optionalGuid(record, 'correlationId');
  if (properties.messageId !== messageId) fail(`message_id ${String(properties.messageId)} is not the messageId`);
  if ((properties.correlationId ?? null) !== correlationId) {
    fail(`correlation_id ${String(properties.correlationId)} is not the correlationId ${String(correlationId)}`);
  }
  const messageType = get(record, 'messageType');
  if (!Array.isArray(messageType) || messageType.length === 0) fail('messageType is not a non-empty array');
  for (const type of messageType)
    if (typeof type !== 'string' || !urn.test(type)) fail(`${String(type)} is no message URN`);
  const headers = get(record, 'headers');
  const host = get(record, 'host');
  optionalDateTime(record, 'expirationTime');
  const types = messageType as string[];
  return {
    messageId,
    correlationId,
    conversationId: optionalGuid(record, 'conversationId'),
    initiatorId: optionalGuid(record, 'initiatorId'),
    requestId: optionalGuid(record, 'requestId'),
    sourceAddress: optionalAddress(record, 'sourceAddress'),
    destinationAddress: optionalAddress(record, 'destinationAddress'),
    messageType: types,
    message: object(get(record, 'message'), 'message'),
    sentTime: optionalDateTime(record, 'sentTime'),
    headers: headers === undefined || headers === null ? {} : object(headers, 'headers'),
    host: host === undefined || host === null ? null : object(host, 'host'),
    supports: (messageUrn) => types.some((t) => t.toLowerCase() === messageUrn.toLowerCase()),
  };
}

/**
 * Binds `message` to the .NET contract
 * `record EntryRegistered(Guid EntryId, string Type, long AmountCents, DateOnly Date, string Description, DateTimeOffset CreatedAt)`.
 */
export function readEntryRegistered(message: Record<string, unknown>) {
  const entryId = optionalGuid(message, 'entryId') ?? fail('EntryId is missing');
  const type = get(message, 'type');
  const amountCents = get(message, 'amountCents');
  const date = get(message, 'date');
  const description = get(message, 'description');
  if (typeof type !== 'string') fail('Type is not a string');
  if (typeof amountCents !== 'number' || !Number.isSafeInteger(amountCents)) fail('AmountCents is not a long');
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail('Date is not a DateOnly');
  if (typeof description !== 'string') fail('Description is not a string');
  const createdAt = optionalDateTime(message, 'createdAt') ?? fail('CreatedAt is missing');
  return { entryId, type, amountCents, date, description, createdAt };
}

function exceptionInfos(value: unknown) {
  if (!Array.isArray(value) || value.length === 0) fail('exceptions is not a non-empty array');
  return value.map((item) => {
    const info = object(item, 'an ExceptionInfo');
    for (const name of ['exceptionType', 'message', 'stackTrace']) {
      if (typeof get(info, name) !== 'string') fail(`ExceptionInfo.${name} is not a string`);
    }
    return { exceptionType: get(info, 'exceptionType') as string, message: get(info, 'message') as string };
  });
}

/** Binds `message` to MassTransit's `Fault<T>` (src/MassTransit.Abstractions/Contracts/Fault.cs). */
export function readFault(message: Record<string, unknown>) {
  const faultId = optionalGuid(message, 'faultId') ?? fail('FaultId is missing');
  const timestamp = optionalDateTime(message, 'timestamp') ?? fail('Timestamp is missing');
  const faultMessageTypes = get(message, 'faultMessageTypes');
  if (!Array.isArray(faultMessageTypes)) fail('FaultMessageTypes is not an array');
  return {
    faultId,
    faultedMessageId: optionalGuid(message, 'faultedMessageId'),
    timestamp,
    exceptions: exceptionInfos(get(message, 'exceptions')),
    host: object(get(message, 'host'), 'Host'),
    faultMessageTypes: faultMessageTypes as string[],
    message: object(get(message, 'message'), 'Message'),
  };
}

/** Binds `message` to MassTransit's `ReceiveFault` (src/MassTransit.Abstractions/Contracts/ReceiveFault.cs). */
export function readReceiveFault(message: Record<string, unknown>) {
  const contentType = get(message, 'contentType');
  if (typeof contentType !== 'string') fail('ContentType is not a string');
  return {
    faultId: optionalGuid(message, 'faultId') ?? fail('FaultId is missing'),
    faultedMessageId: optionalGuid(message, 'faultedMessageId'),
    timestamp: optionalDateTime(message, 'timestamp') ?? fail('Timestamp is missing'),
    exceptions: exceptionInfos(get(message, 'exceptions')),
    host: object(get(message, 'host'), 'Host'),
    contentType,
  };
}
