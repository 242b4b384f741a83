import { generatePassword } from '../../core/credentials.ts';
import { getFreePort, getFreePorts } from '../../core/free-port.ts';
import type { BackingServerProvider, BackingServerRequest } from '../backing-server-provider.ts';
import { LOGICAL_DATABASES, type StartedPostgres, type StartedRabbitMq, type StartedRedis } from '../backing-server.ts';
import { buildContainer } from './build-container.ts';
import { postgresContainerDefinition } from './postgres-container-definition.ts';
import { rabbitMqContainerDefinition } from './rabbitmq-container-definition.ts';
import { redisContainerDefinition } from './redis-container-definition.ts';
import { StartedContainerServer } from './started-container-server.ts';

function uri(scheme: string, host: string, port: number, user?: string, password?: string, path = ''): string {
  const url = new URL(`${scheme}://placeholder`);
  url.hostname = host;
  url.port = String(port);
  if (user) url.username = user;
  if (password) url.password = password;
  url.pathname = path;
  return url.href;
}

class ContainerPostgres extends StartedContainerServer implements StartedPostgres {
  declare readonly kind: 'postgres';
  getDatabaseUri(database: string): string {
    const url = new URL(this.getConnectionUri());
    url.pathname = `/${database}`;
    return url.href;
  }
  getDatabases(): readonly string[] {
    return LOGICAL_DATABASES;
  }
}

class ContainerRabbitMq extends StartedContainerServer implements StartedRabbitMq {
  declare readonly kind: 'rabbitmq';
  getManagementUri(): string {
    const port = this.definition.ports[1]?.host ?? 0;
    return uri(this.flavour === 'managed' ? 'https' : 'http', this.getHost(), port);
  }
}

class ContainerRedis extends StartedContainerServer implements StartedRedis {
  declare readonly kind: 'redis';
  getAuthToken(): string | undefined {
    return this.facts.credentials.password;
  }
}

/** Runs the servers with testcontainers, for machines with a Docker engine. */
export class ContainersProvider implements BackingServerProvider {
  readonly name = 'containers' as const;

  async startPostgres(request: BackingServerRequest): Promise<StartedPostgres> {
    const managed = request.flavour === 'managed';
    const password = managed ? generatePassword(32) : 'postgres';
    const definition = postgresContainerDefinition({
      flavour: request.flavour,
      hostPort: await getFreePort(),
      password,
      tls: managed ? request.ca.serverMaterial() : undefined,
    });
    const user = managed ? 'app' : 'postgres';
    const caFile = managed ? request.ca.caFile : undefined;
    const server = new ContainerPostgres(definition, {
      credentials: { username: user, password },
      caFile,
      uri: (host, port) => {
        const url = new URL(uri('postgres', host, port, user, password, '/postgres'));
        url.searchParams.set('sslmode', managed ? 'verify-full' : 'disable');
        if (caFile) url.searchParams.set('sslrootcert', caFile);
        return url.href;
      },
    });
    return server.initialize(buildContainer(definition));
  }

  async startRabbitMq(request: BackingServerRequest): Promise<StartedRabbitMq> {
    const managed = request.flavour === 'managed';
    const password = managed ? generatePassword(24) : 'guest';
    const [amqpHostPort, managementHostPort] = (await getFreePorts(2)) as [number, number];
    const definition = rabbitMqContainerDefinition({
      flavour: request.flavour,
      amqpHostPort,
      managementHostPort,
      password,
      tls: managed ? request.ca.serverMaterial() : undefined,
    });
    const user = managed ? 'admin' : 'guest';
    const server = new ContainerRabbitMq(definition, {
      credentials: { username: user, password },
      caFile: managed ? request.ca.caFile : undefined,
      uri: (host, port) => uri(managed ? 'amqps' : 'amqp', host, port, user, password),
    });
    return server.initialize(buildContainer(definition));
  }

  async startRedis(request: BackingServerRequest): Promise<StartedRedis> {
    const managed = request.flavour === 'managed';
    const authToken = managed ? generatePassword(32) : undefined;
    const definition = redisContainerDefinition({
      flavour: request.flavour,
      hostPort: await getFreePort(),
      authToken,
      tls: managed ? request.ca.serverMaterial() : undefined,
    });
    const server = new ContainerRedis(definition, {
      credentials: { password: authToken },
      caFile: managed ? request.ca.caFile : undefined,
      uri: (host, port) => uri(managed ? 'rediss' : 'redis', host, port, undefined, authToken),
    });
    return server.initialize(buildContainer(definition));
  }
}
