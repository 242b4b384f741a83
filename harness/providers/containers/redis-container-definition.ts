import type { Flavour } from '../backing-server.ts';
import { IMAGES, type ContainerDefinition, type TlsContents } from './container-definition.ts';

export interface RedisContainerOptions {
  readonly flavour: Flavour;
  readonly hostPort: number;
  readonly authToken?: string;
  readonly tls?: TlsContents;
}

/** Redis; managed means TLS only (`--port 0 --tls-port 6379`) and an AUTH token, like ElastiCache. */
export function redisContainerDefinition(options: RedisContainerOptions): ContainerDefinition {
  const managed = options.flavour === 'managed';
  const command = ['redis-server', '--appendonly', 'yes'];
  const files = [];
  if (managed) {
    if (!options.tls || !options.authToken) {
      throw new Error('redisContainerDefinition: the managed flavour needs tls and an authToken');
    }
    command.push(
      '--port',
      '0',
      '--tls-port',
      '6379',
      '--tls-cert-file',
      '/tls/server.crt',
      '--tls-key-file',
      '/tls/server.key',
      '--tls-ca-cert-file',
      '/tls/ca.crt',
      '--tls-auth-clients',
      'no',
      '--requirepass',
      options.authToken,
    );
    files.push(
      { target: '/tls/ca.crt', content: options.tls.ca },
      { target: '/tls/server.crt', content: options.tls.cert },
      { target: '/tls/server.key', content: options.tls.key, mode: 0o644 },
    );
  }
  return {
    kind: 'redis',
    flavour: options.flavour,
    image: IMAGES.redis,
    ports: [{ container: 6379, host: options.hostPort }],
    env: {},
    command,
    files,
    wait: { kind: 'log', message: 'Ready to accept connections', times: 1 },
    startupTimeoutMs: 60_000,
  };
}
