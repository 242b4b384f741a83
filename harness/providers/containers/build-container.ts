import { LocalstackContainer } from '@testcontainers/localstack';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RabbitMQContainer } from '@testcontainers/rabbitmq';
import { RedisContainer } from '@testcontainers/redis';
import { GenericContainer, Wait } from 'testcontainers';
import type { ContainerDefinition } from './container-definition.ts';

/**
 * Turns a definition into a configured (not started) testcontainers object, using the module
 * class for each server so its conventions apply. Building needs no Docker engine; `start()` does.
 */
export function buildContainer(definition: ContainerDefinition): GenericContainer {
  const container = baseContainer(definition);
  container
    .withExposedPorts(...definition.ports.map(({ container: c, host }) => ({ container: c, host })))
    .withEnvironment({ ...definition.env })
    .withStartupTimeout(definition.startupTimeoutMs)
    .withWaitStrategy(waitStrategy(definition));
  if (definition.command) container.withCommand([...definition.command]);
  if (definition.files.length > 0) {
    container.withCopyContentToContainer(
      definition.files.map((file) => ({ content: file.content, target: file.target, mode: file.mode })),
    );
  }
  if (definition.user) container.withUser(definition.user);
  return container;
}

function baseContainer(definition: ContainerDefinition): GenericContainer {
  switch (definition.kind) {
    case 'postgres':
      // The module class writes POSTGRES_* from these at start, so they must match the definition.
      return new PostgreSqlContainer(definition.image)
        .withUsername(definition.env.POSTGRES_USER ?? 'postgres')
        .withPassword(definition.env.POSTGRES_PASSWORD ?? 'postgres')
        .withDatabase(definition.env.POSTGRES_DB ?? 'postgres');
    case 'rabbitmq':
      return new RabbitMQContainer(definition.image);
    case 'redis':
      return new RedisContainer(definition.image);
    case 'localstack':
      return new LocalstackContainer(definition.image);
    default:
      return new GenericContainer(definition.image);
  }
}

function waitStrategy(definition: ContainerDefinition) {
  const wait = definition.wait;
  switch (wait.kind) {
    case 'log':
      return Wait.forLogMessage(wait.message, wait.times);
    case 'http':
      return Wait.forHttp(wait.path, wait.port);
    default:
      return Wait.forListeningPorts();
  }
}
