import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { DescribeCacheClustersCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeBrokerCommand, ListBrokersCommand, type MqClient } from '@aws-sdk/client-mq';
import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { ServerVersionPair } from '../server-versions.ts';

/** How to reach the managed-flavour stand-ins (the stack document's `profiles.aws.backing`). */
export interface StandInServers {
  readonly postgres: { readonly uri: string };
  readonly rabbitmq: { readonly managementUri: string; readonly username: string; readonly password: string };
  readonly redis: { readonly host: string; readonly port: number; readonly authToken: string };
  readonly caFile: string;
}

export interface TargetEngineClients {
  readonly rds: RDSClient;
  readonly mq: MqClient;
  readonly elasticache: ElastiCacheClient;
}

/** Each stand-in's own version, asked of the server itself. */
export async function readStandInVersions(servers: StandInServers): Promise<Record<string, string>> {
  const ca = readFileSync(servers.caFile, 'utf8');
  const postgres = async () => {
    const client = new pg.Client({ connectionString: servers.postgres.uri, connectionTimeoutMillis: 30_000 });
    await client.connect();
    try {
      return (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    } finally {
      await client.end();
    }
  };
  const rabbitmq = () =>
    new Promise<string>((resolve, reject) => {
      const url = new URL('api/overview', servers.rabbitmq.managementUri);
      const auth = Buffer.from(`${servers.rabbitmq.username}:${servers.rabbitmq.password}`).toString('base64');
      const req = request(url, { ca, headers: { authorization: `Basic ${auth}` }, timeout: 30_000 }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          try {
            resolve((JSON.parse(body) as { rabbitmq_version: string }).rabbitmq_version);
          } catch (error) {
            reject(new Error(`RabbitMQ management answered ${res.statusCode}`, { cause: error }));
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
  const redis = async () => {
    const client = new Redis({
      host: servers.redis.host,
      port: servers.redis.port,
      password: servers.redis.authToken,
      tls: { ca },
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    await client.connect();
    try {
      return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
    } finally {
      client.disconnect();
    }
  };
  const [p, r, c] = await Promise.all([postgres(), rabbitmq(), redis()]);
  return { postgres: p, rabbitmq: r, redis: c };
}

/** The engine versions the deployed target runs, as the emulator's RDS, MQ and ElastiCache APIs describe them. */
export async function readTargetEngineVersions(clients: TargetEngineClients): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  const { DBInstances } = await clients.rds.send(new DescribeDBInstancesCommand({}));
  const db = DBInstances?.find((i) => i.Engine?.startsWith('postgres'));
  if (db?.EngineVersion) versions.postgres = db.EngineVersion;
  const { BrokerSummaries } = await clients.mq.send(new ListBrokersCommand({}));
  const brokerId = BrokerSummaries?.[0]?.BrokerId;
  if (brokerId !== undefined) {
    const broker = await clients.mq.send(new DescribeBrokerCommand({ BrokerId: brokerId }));
    if (broker.EngineVersion) versions.rabbitmq = broker.EngineVersion;
  }
  const { CacheClusters } = await clients.elasticache.send(new DescribeCacheClustersCommand({}));
  const cache = CacheClusters?.find((c) => c.Engine === 'redis' || c.Engine === 'valkey');
  if (cache?.EngineVersion) versions.redis = cache.EngineVersion;
  return versions;
}

const PRODUCTS = {
  postgres: { standIn: 'PostgreSQL', target: 'RDS for PostgreSQL' },
  rabbitmq: { standIn: 'RabbitMQ', target: 'Amazon MQ for RabbitMQ' },
  redis: { standIn: 'Redis', target: 'ElastiCache for Redis' },
} as const;

/** The pairs the version check compares; a server the target does not describe is left out. */
export function serverVersionPairs(
  standIn: Record<string, string>,
  target: Record<string, string>,
): ServerVersionPair[] {
  return (Object.keys(PRODUCTS) as (keyof typeof PRODUCTS)[]).flatMap((server) =>
    standIn[server] === undefined || target[server] === undefined
      ? []
      : [
          {
            server,
            standIn: { product: PRODUCTS[server].standIn, version: standIn[server] },
            target: { product: PRODUCTS[server].target, version: target[server] },
          },
        ],
  );
}
