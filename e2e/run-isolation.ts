import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BackingServerUrls } from '../scripts/dev/local-environment.ts';

/** Service databases as docker-compose.yml names them. */
const DATABASES = ['auth_db', 'cashflow_db', 'consolidated_db'];

/**
 * Names that keep one e2e run's state apart from every other suite sharing the machine's
 * PostgreSQL, RabbitMQ and Redis, and the cleanup that removes that state afterwards.
 */
export class RunIsolation {
  readonly id = randomBytes(4).toString('hex');
  /** Prepended to each service database name. */
  readonly databasePrefix = `e2e_${this.id}_`;
  /** `BUS_NAMESPACE`: the message-type exchange becomes `<namespace>:EntryRegistered`. */
  readonly busNamespace = `E2e${this.id}`;
  /** `BUS_ENDPOINT_NAME`: the consolidated queue, instead of the shared `entry-registered`. */
  readonly endpointName = `e2e-${this.id}-entry-registered`;

  /** `REDIS_KEY_PREFIX` for one service. */
  redisKeyPrefix(service: string): string {
    return `e2e-${this.id}:${service}:`;
  }

  /** Drops the run's databases, exchanges, queues and Redis keys; reports what it could not remove. */
  async cleanUp(backing: BackingServerUrls): Promise<string[]> {
    const problems: string[] = [];
    const attempt = async (what: string, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`);
      }
    };
    await attempt('PostgreSQL', () => this.#dropDatabases(backing.postgres));
    await attempt('RabbitMQ', () => this.#deleteBusObjects(backing.amqp));
    await attempt('Redis', () => this.#deleteRedisKeys(backing.redis));
    return problems;
  }

  async #dropDatabases(base: URL): Promise<void> {
    const url = new URL(base.href);
    url.pathname = '/postgres';
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    try {
      for (const database of DATABASES) {
        await client.query(`DROP DATABASE IF EXISTS "${this.databasePrefix}${database}" WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  }

  async #deleteBusObjects(base: URL): Promise<void> {
    const connection = await amqp.connect(base.href);
    try {
      const channel = await connection.createChannel();
      for (const suffix of ['', '_error', '_skipped']) {
        await channel.deleteQueue(`${this.endpointName}${suffix}`);
        await channel.deleteExchange(`${this.endpointName}${suffix}`);
      }
      await channel.deleteExchange(`${this.busNamespace}:EntryRegistered`);
      await channel.close();
    } finally {
      await connection.close();
    }
  }

  async #deleteRedisKeys(base: URL): Promise<void> {
    const redis = new Redis(base.href, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = '0';
      // Bounded: an e2e run writes a handful of keys.
      for (let round = 0; round < 1_000; round += 1) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `e2e-${this.id}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
    } finally {
      redis.disconnect();
    }
  }
}
