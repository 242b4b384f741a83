import type { MessageProperties } from 'amqplib';
import { EnvelopeError, MASSTRANSIT_CONTENT_TYPE, parseEnvelope, type MessageEnvelope } from './envelope.ts';
import { parseGuid } from './parse-guid.ts';
import { parseLenientJson } from './parse-lenient-json.ts';

/** The content type of MassTransit's raw JSON serializer (`UseRawJsonSerializer`). */
export const RAW_JSON_CONTENT_TYPE = 'application/json';

/** Which of MassTransit's deserializers read a message. */
export type Serializer = 'envelope' | 'raw-json';

/** A delivered message as the consumer sees it, whichever serializer wrote it. */
export interface DeserializedMessage {
  readonly serializer: Serializer;
  /** For raw JSON: the ids and addresses from the transport headers, `message` the body itself. */
  readonly envelope: MessageEnvelope;
  /** The media type the message arrived with, as `ReceiveFault.contentType` reports it. */
  readonly mediaType: string;
}

/**
 * The media type of a content type, lower case, without parameters: `Application/JSON;
 * charset=utf-8` is `application/json`, as .NET's `ContentType.MediaType` compares them.
 */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || contentType.trim() === '') return undefined;
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a delivery the way a MassTransit 8 endpoint with the raw JSON deserializer added
 * (`UseRawJsonDeserializer()`) does: the deserializer is chosen by media type, `application/json`
 * reads raw JSON, and every other or missing content type falls back to the default envelope
 * deserializer, which faults when the body is no envelope.
 *
 * @throws EnvelopeError when the chosen deserializer cannot read the message.
 */
export function deserializeMessage(content: Buffer, properties: MessageProperties): DeserializedMessage {
  const mediaType = mediaTypeOf(properties.contentType as string | undefined) ?? MASSTRANSIT_CONTENT_TYPE;
  if (mediaType === RAW_JSON_CONTENT_TYPE) {
    return { serializer: 'raw-json', envelope: readRawJson(content, properties), mediaType };
  }
  return { serializer: 'envelope', envelope: parseEnvelope(content), mediaType };
}

/** A header as text: RabbitMQ clients send long strings, some send byte arrays. */
function headerText(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

// The envelope fields MassTransit's raw serializer carries as transport headers; they are not
// copied into the message's own headers.
const idHeaders = new Set([
  'MessageId',
  'CorrelationId',
  'ConversationId',
  'RequestId',
  'MT-InitiatorId',
  'MT-Source-Address',
  'MT-Response-Address',
  'MT-Fault-Address',
]);

function readRawJson(content: Buffer, properties: MessageProperties): MessageEnvelope {
  let body: unknown;
  try {
    body = content.length === 0 ? {} : parseLenientJson(content.toString('utf8'));
  } catch (err) {
    throw new EnvelopeError(`The message body is not JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EnvelopeError('The raw JSON message is not a JSON object');
  }
  const headers = (properties.headers ?? {}) as Record<string, unknown>;
  // The AMQP properties stand in for the headers, as MassTransit's RabbitMQ header provider does.
  const id = (header: string, property?: unknown): string | null => {
    const text =
      headerText(headers, header) ?? (typeof property === 'string' && property !== '' ? property : undefined);
    if (text === undefined) return null;
    const guid = parseGuid(text);
    if (guid === undefined) throw new EnvelopeError(`The Id was not a Guid: ${text}`, 'System.FormatException');
    return guid;
  };
  const messageId = id('MessageId', properties.messageId);
  if (messageId === null) {
    throw new EnvelopeError(
      'A raw JSON message needs a MessageId header or message_id property',
      'System.FormatException',
    );
  }
  const messageTypes = headerText(headers, 'MT-MessageType');
  const copied: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (!key.startsWith('MT-') && !idHeaders.has(key))
      copied[key] = Buffer.isBuffer(value) ? value.toString('utf8') : value;
  }
  return {
    messageId,
    requestId: id('RequestId'),
    correlationId: id('CorrelationId', properties.correlationId),
    conversationId: id('ConversationId'),
    initiatorId: id('MT-InitiatorId'),
    sourceAddress: headerText(headers, 'MT-Source-Address') ?? null,
    destinationAddress: null,
    responseAddress: headerText(headers, 'MT-Response-Address') ?? null,
    faultAddress: headerText(headers, 'MT-Fault-Address') ?? null,
    // No MT-MessageType header: the raw deserializer lets any consumer take the message.
    messageType: messageTypes === undefined ? [] : messageTypes.split(';').filter((t) => t !== ''),
    message: body,
    expirationTime: null,
    sentTime: null,
    headers: copied,
    host: null,
  };
}
