import type { Flavour } from '../backing-server.ts';
import { IMAGES, type ContainerDefinition, type TlsContents } from './container-definition.ts';

export interface RabbitMqContainerOptions {
  readonly flavour: Flavour;
  readonly amqpHostPort: number;
  readonly managementHostPort: number;
  readonly password: string;
  readonly tls?: TlsContents;
}

/**
 * RabbitMQ with management. Managed: AMQPS on 5671 only, management over HTTPS, and the default
 * user renamed to `admin` so guest never exists. Compose: plain 5672 with guest.
 */
export function rabbitMqContainerDefinition(options: RabbitMqContainerOptions): ContainerDefinition {
  const managed = options.flavour === 'managed';
  if (managed && !options.tls) throw new Error('rabbitMqContainerDefinition: the managed flavour needs tls');
  const conf = managed
    ? [
        'listeners.tcp = none',
        'listeners.ssl.default = 5671',
        'ssl_options.cacertfile = /tls/ca.crt',
        'ssl_options.certfile = /tls/server.crt',
        'ssl_options.keyfile = /tls/server.key',
        'ssl_options.verify = verify_none',
        'ssl_options.fail_if_no_peer_cert = false',
        'default_user = admin',
        `default_pass = ${options.password}`,
        'default_user_tags.administrator = true',
        'management.ssl.port = 15671',
        'management.ssl.cacertfile = /tls/ca.crt',
        'management.ssl.certfile = /tls/server.crt',
        'management.ssl.keyfile = /tls/server.key',
      ]
    : ['listeners.tcp.default = 5672', 'loopback_users = none', 'management.tcp.port = 15672'];
  const files = [{ target: '/etc/rabbitmq/conf.d/90-harness.conf', content: `${conf.join('\n')}\n` }];
  if (managed && options.tls) {
    files.push(
      { target: '/tls/ca.crt', content: options.tls.ca },
      { target: '/tls/server.crt', content: options.tls.cert },
      { target: '/tls/server.key', content: options.tls.key },
    );
  }
  return {
    kind: 'rabbitmq',
    flavour: options.flavour,
    image: IMAGES.rabbitmq,
    ports: [
      { container: managed ? 5671 : 5672, host: options.amqpHostPort },
      { container: managed ? 15671 : 15672, host: options.managementHostPort },
    ],
    // The module class defaults these to guest; the managed flavour must never have guest.
    env: managed
      ? { RABBITMQ_DEFAULT_USER: 'admin', RABBITMQ_DEFAULT_PASS: options.password }
      : { RABBITMQ_DEFAULT_USER: 'guest', RABBITMQ_DEFAULT_PASS: 'guest' },
    files,
    wait: { kind: 'log', message: 'Server startup complete', times: 1 },
    startupTimeoutMs: 120_000,
  };
}
