import { describe, expect, it } from 'vitest';
import { backingServerUrls, composeWiring } from '../scripts/dev/backing-servers.ts';

const address = (server: { getHost(): string; getPort(): number }) => `${server.getHost()}:${server.getPort()}`;

describe('npm run dev: the backing servers that stand in for the compose postgres, rabbitmq and redis', () => {
  it('defaults to the standard-port servers of this machine and adds no compose variable', () => {
    const { backing, interpolationEnv } = composeWiring(backingServerUrls({}), { LOG_LEVEL: 'debug' });
    expect([backing.postgres, backing.rabbitmq, backing.redis].map(address)).toEqual([
      '127.0.0.1:5432',
      '127.0.0.1:5672',
      '127.0.0.1:6379',
    ]);
    expect(interpolationEnv).toEqual({ LOG_LEVEL: 'debug' });
  });

  it('reads DEV_*_URL and carries a PostgreSQL password as the compose variable POSTGRES_PASSWORD', () => {
    const urls = backingServerUrls({
      DEV_POSTGRES_URL: 'postgresql://postgres:p%40ss@db.local:6432/anything',
      DEV_AMQP_URL: 'amqp://mq.local',
      DEV_REDIS_URL: 'redis://cache.local:6380/',
    });
    const { backing, interpolationEnv } = composeWiring(urls, { POSTGRES_PASSWORD: 'from-shell' });
    expect([backing.postgres, backing.rabbitmq, backing.redis].map(address)).toEqual([
      'db.local:6432',
      'mq.local:5672',
      'cache.local:6380',
    ]);
    // Percent-encoded as in the URL: compose pastes it into each DATABASE_URL.
    expect(interpolationEnv).toEqual({ POSTGRES_PASSWORD: 'p%40ss' });
  });

  it('names the variable when a URL is wrong', () => {
    expect(() => backingServerUrls({ DEV_POSTGRES_URL: 'nope' })).toThrow(/^DEV_POSTGRES_URL is not a URL/);
    expect(() => backingServerUrls({ DEV_REDIS_URL: 'redis://' })).toThrow(/^DEV_REDIS_URL is not a URL with a host/);
    expect(() => backingServerUrls({ DEV_AMQP_URL: 'http://x' })).toThrow(/^DEV_AMQP_URL must start with amqp:\/\//);
  });

  it.each([
    ['DEV_REDIS_URL', 'rediss://cache:6380', /^DEV_REDIS_URL must start with redis:\/\/ \(.*without TLS\)/],
    ['DEV_AMQP_URL', 'amqps://mq:5671', /^DEV_AMQP_URL must start with amqp:\/\//],
    ['DEV_POSTGRES_URL', 'postgres://alice@db:5432', /^DEV_POSTGRES_URL: the user "alice" \(it logs in as postgres\)/],
    ['DEV_POSTGRES_URL', 'postgres://db:5432?sslmode=require', /^DEV_POSTGRES_URL: query parameters/],
    ['DEV_AMQP_URL', 'amqp://guest:guest@mq:5672', /^DEV_AMQP_URL: a user or password/],
    ['DEV_AMQP_URL', 'amqp://mq:5672/vhost', /^DEV_AMQP_URL: a vhost/],
    ['DEV_REDIS_URL', 'redis://:secret@cache:6379', /^DEV_REDIS_URL: a user or password/],
    ['DEV_REDIS_URL', 'redis://cache:6379/2', /^DEV_REDIS_URL: a database number/],
  ])('refuses %s=%s, which the compose wiring could not carry to the services', (variable, url, message) => {
    expect(() => backingServerUrls({ [variable]: url })).toThrow(message);
  });
});
