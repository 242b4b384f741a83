import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** How a service reaches RabbitMQ and names its messages. */
export interface AmqpConfig {
  /** Broker URL with any `AMQP_USERNAME`/`AMQP_PASSWORD` override applied; holds secrets, never log it. */
  readonly url: string;
  /** The URL without credentials, safe for logs and envelope addresses. */
  readonly displayUrl: string;
  /** Message namespace: `urn:message:<namespace>:EntryRegistered`, exchange `<namespace>:EntryRegistered`. */
  readonly namespace: string;
  /** `x-queue-type` pinned on endpoint queues, so RabbitMQ 3.x and Amazon MQ 4.x declare the same queue. */
  readonly queueType: 'quorum' | 'classic';
  /** The consumer's endpoint (queue and exchange) name. */
  readonly endpointName: string;
}

/** The environment variables behind {@link AmqpConfig}. */
export const amqpEnv = {
  AMQP_URL: Type.String({ pattern: '^amqps?://', description: 'an amqp:// or amqps:// URL' }),
  AMQP_USERNAME: Type.Optional(Type.String({ description: 'a user name' })),
  AMQP_PASSWORD: Type.Optional(Type.String({ description: 'a password' })),
  AMQP_QUEUE_TYPE: Type.Optional(Type.Enum(['quorum', 'classic'], { description: 'quorum or classic' })),
  BUS_NAMESPACE: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_.]*$',
      description: 'a .NET-style namespace such as Cashflow.Contracts',
    }),
  ),
  BUS_ENDPOINT_NAME: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'a kebab-case queue name' }),
  ),
};

type AmqpEnv = Static<TObject<typeof amqpEnv>>;

/** Builds {@link AmqpConfig}; the credential variables override those in the URL. */
export function amqpConfigFrom(env: AmqpEnv): AmqpConfig {
  let url: URL;
  try {
    url = new URL(env.AMQP_URL);
  } catch {
    throw new ConfigError(['AMQP_URL'], ['AMQP_URL is malformed: expected an amqp:// or amqps:// URL']);
  }
  if (url.hostname === '') throw new ConfigError(['AMQP_URL'], ['AMQP_URL is malformed: it names no host']);
  if (env.AMQP_USERNAME !== undefined) url.username = encodeURIComponent(env.AMQP_USERNAME);
  if (env.AMQP_PASSWORD !== undefined) url.password = encodeURIComponent(env.AMQP_PASSWORD);
  const display = new URL(url.href);
  display.username = '';
  display.password = '';
  return {
    url: url.href,
    displayUrl: display.href,
    namespace: env.BUS_NAMESPACE ?? 'Cashflow.Contracts',
    queueType: env.AMQP_QUEUE_TYPE ?? 'quorum',
    endpointName: env.BUS_ENDPOINT_NAME ?? 'entry-registered',
  };
}
