import type { BackingServerProvider, BackingServerRequest } from '../backing-server-provider.ts';
import type { StartedPostgres, StartedRabbitMq, StartedRedis } from '../backing-server.ts';
import { PostgresServer } from './native-postgres-server.ts';
import { RabbitMqServer } from './native-rabbitmq-server.ts';
import { RedisServer } from './native-redis-server.ts';

/** Runs the servers as local processes from the machine's Debian packages. */
export class NativeProvider implements BackingServerProvider {
  readonly name = 'native' as const;

  startPostgres(request: BackingServerRequest): Promise<StartedPostgres> {
    return new PostgresServer()
      .withFlavour(request.flavour)
      .withRunDir(request.runDir)
      .withCertificateAuthority(request.ca)
      .start();
  }

  startRabbitMq(request: BackingServerRequest): Promise<StartedRabbitMq> {
    return new RabbitMqServer()
      .withFlavour(request.flavour)
      .withRunDir(request.runDir)
      .withRunId(request.runId)
      .withCertificateAuthority(request.ca)
      .start();
  }

  startRedis(request: BackingServerRequest): Promise<StartedRedis> {
    return new RedisServer()
      .withFlavour(request.flavour)
      .withRunDir(request.runDir)
      .withCertificateAuthority(request.ca)
      .start();
  }
}
