import { describe, expect, it } from 'vitest';
import { rabbitMqConfig } from './native-rabbitmq-server.ts';
import { redisConfig } from './native-redis-server.ts';

const tls = { caFile: '/t/ca.crt', certFile: '/t/server.crt', keyFile: '/t/server.key' };

describe('native server configs', () => {
  it('managed RabbitMQ has no plain listener, an admin default user and TLS management', () => {
    const conf = rabbitMqConfig({
      flavour: 'managed',
      host: '127.0.0.1',
      amqpPort: 5,
      managementPort: 6,
      password: 'p'.repeat(24),
      tls,
    });
    expect(conf).toContain('listeners.tcp = none\n');
    expect(conf).toContain('listeners.ssl.default = 127.0.0.1:5\n');
    expect(conf).toContain('default_user = admin\n');
    expect(conf).toContain('management.ssl.port = 6\n');
    expect(conf).not.toContain('guest');
  });

  it('compose RabbitMQ listens on plain TCP and keeps guest', () => {
    const conf = rabbitMqConfig({
      flavour: 'compose',
      host: '127.0.0.1',
      amqpPort: 5,
      managementPort: 6,
      password: 'guest',
    });
    expect(conf).toContain('listeners.tcp.default = 127.0.0.1:5\n');
    expect(conf).not.toContain('default_user');
  });

  it('managed Redis turns the plain port off and requires the token', () => {
    const conf = redisConfig({
      flavour: 'managed',
      host: '127.0.0.1',
      port: 7,
      dir: '/d',
      appendFsync: 'everysec',
      authToken: 't'.repeat(32),
      tls,
    });
    expect(conf).toContain('port 0\n');
    expect(conf).toContain('tls-port 7\n');
    expect(conf).toContain(`requirepass ${'t'.repeat(32)}\n`);
    expect(conf).toContain('set-proc-title no\n');
  });
});
