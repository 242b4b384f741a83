import type { HostInfo } from './host-info.ts';
import { parseGuid } from './parse-guid.ts';
import { parseLenientJson } from './parse-lenient-json.ts';

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

/** Looks a property up ignoring case, as MassTransit's reader does ("MessageId" equals "messageId"). */
export function pickProperty(record: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  let found: unknown;
  // The last of several spellings wins, as it does for System.Text.Json.
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === lower) found = value;
  return found;
}

function optionalString(record: Record<string, unknown>, name: string): string | null {
  const value = pickProperty(record, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new EnvelopeError(`Envelope field ${name} must be a string`);
  return value;
}

/** An id field: absent or a GUID in any form .NET reads, returned in `D` form. */
function optionalId(record: Record<string, unknown>, name: string): string | null {
  const value = optionalString(record, name);
  if (value === null || value.trim() === '') return null;
  const id = parseGuid(value);
  if (id === undefined) throw new EnvelopeError(`The Id was not a Guid: ${value}`, 'System.FormatException');
  return id;
}

/** A `DateTime?` field: absent, or a date System.Text.Json can read. */
function optionalTime(record: Record<string, unknown>, name: string): string | null {
  const value = optionalString(record, name);
  if (value === null) return null;
  if (Number.isNaN(Date.parse(value))) throw new EnvelopeError(`Envelope field ${name} is not a date: ${value}`);
  return value;
}

/** An address field: absent, or an absolute URI (MassTransit calls `new Uri(...)` on it). */
function optionalAddress(record: Record<string, unknown>, name: string): string | null {
  const value = optionalString(record, name);
  if (value === null || value.trim() === '') return null;
  if (!URL.canParse(value))
    throw new EnvelopeError(`Envelope field ${name} is not a URI: ${value}`, 'System.UriFormatException');
  return value;
}

/**
 * Reads a MassTransit JSON envelope (`application/vnd.masstransit+json`) from a message body, with
 * the leniency of MassTransit's System.Text.Json options: property names in any case, comments and
 * trailing commas, GUIDs in any .NET format, null or absent optional fields.
 *
 * @throws EnvelopeError when the body is not JSON, or ids, types or message are missing or malformed.
 */
export function parseEnvelope(body: Buffer): MessageEnvelope {
  let parsed: unknown;
  try {
    parsed = parseLenientJson(body.toString('utf8'));
  } catch (err) {
    throw new EnvelopeError(`The message body is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EnvelopeError('The message body is not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  // MassTransit accepts an envelope without messageId; the inbox here cannot (see docs/messaging.md).
  const messageId = optionalId(record, 'messageId');
  if (messageId === null) throw new EnvelopeError('Envelope messageId must be a GUID', 'System.FormatException');
  const messageType = pickProperty(record, 'messageType') ?? [];
  if (!Array.isArray(messageType) || !messageType.every((t) => typeof t === 'string')) {
    throw new EnvelopeError('Envelope messageType must be an array of URNs');
  }
  const message = pickProperty(record, 'message');
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new EnvelopeError('Envelope message must be an object');
  }
  const headers = pickProperty(record, 'headers');
  const host = pickProperty(record, 'host');
  return {
    messageId,
    requestId: optionalId(record, 'requestId'),
    correlationId: optionalId(record, 'correlationId'),
    conversationId: optionalId(record, 'conversationId'),
    initiatorId: optionalId(record, 'initiatorId'),
    sourceAddress: optionalAddress(record, 'sourceAddress'),
    destinationAddress: optionalAddress(record, 'destinationAddress'),
    responseAddress: optionalAddress(record, 'responseAddress'),
    faultAddress: optionalAddress(record, 'faultAddress'),
    messageType: messageType as string[],
    message,
    expirationTime: optionalTime(record, 'expirationTime'),
    sentTime: optionalTime(record, 'sentTime'),
    headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {},
    host: typeof host === 'object' && host !== null ? readHost(host as Record<string, unknown>) : null,
  };
}

function readHost(record: Record<string, unknown>): HostInfo {
  const text = (name: string) => {
    const value = pickProperty(record, name);
    return value === undefined || value === null ? '' : String(value);
  };
  return {
    machineName: text('machineName'),
    processName: text('processName'),
    processId: Number(pickProperty(record, 'processId') ?? 0),
    assembly: text('assembly'),
    assemblyVersion: text('assemblyVersion'),
    frameworkVersion: text('frameworkVersion'),
    massTransitVersion: text('massTransitVersion'),
    operatingSystemVersion: text('operatingSystemVersion'),
  };
}
