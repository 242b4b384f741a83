import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import pg from 'pg';
import { addDays } from '../../../services/shared/src/calendar-date.ts';
import { EMULATOR_CREDENTIALS } from '../../emulator/started-emulator.ts';
import { finding, type Finding } from '../finding.ts';
import type { GatewayTarget } from '../gateway-targets.ts';
import { GatewayBalances } from './gateway-balances.ts';
import { managementApi } from './management-api.ts';
import type { BrokerTarget, PostgresTarget, RedisTarget, WiringTargets } from './wiring-targets.ts';

export const TLS_CHECK = 'tls';

/** The logical databases the services connect to (docs/configuration.md). */
const SERVICE_DATABASES = ['auth_db', 'cashflow_db', 'consolidated_db'] as const;
/**
 * Connections the services surely hold to the broker: consolidated's consumer, from its start.
 * cashflow's publisher connects at its first publish (services/shared/src/bus/bus-publisher.ts), so
 * it is listed, and checked, only once an entry was registered.
 */
const SERVICE_BROKER_CONNECTIONS = 1;
/**
 * The management API lists a connection only after its first statistics event, emitted every
 * `collect_statistics_interval` (5 s by default): six intervals leave room for a busy machine.
 */
const CONNECTION_LISTING_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;

const notEnforced = (subject: string, aws: string, explanation: string): Finding =>
  finding({ code: 'TLS_NOT_ENFORCED', check: TLS_CHECK, subject, compose: null, aws, explanation });

/**
 * Every connection of the aws profile is encrypted, as the managed services require: the services'
 * PostgreSQL sessions (`pg_stat_ssl`), their broker connections (management API), their Redis
 * clients on the TLS port with AUTH; and each server refuses plain text, as RDS with
 * `rds.force_ssl`, Amazon MQ and ElastiCache with in-transit encryption do. The stand-in Redis
 * always enforces TLS, so the deployed replication group must ask for it too.
 */
export async function checkTls(targets: WiringTargets): Promise<Finding[]> {
  const ca = readFileSync(targets.caFile, 'utf8');
  const { postgres, rabbitmq, redis, gateway } = targets.aws;
  return [
    ...(await deployedCacheFindings(targets.deployed.emulator)),
    ...(await postgresFindings(postgres, ca, gateway)),
    ...(await brokerFindings(rabbitmq, targets.caFile)),
    ...(await redisFindings(redis, ca)),
  ];
}

/**
 * The replication groups as the emulator holds them: one deployed without in-transit encryption
 * serves plain text on ElastiCache, where the services' `rediss://` clients (and its AUTH token)
 * cannot work. The stand-in enforces TLS whatever the deploy says, so only the deployed setting
 * shows this mistake.
 */
async function deployedCacheFindings(emulator: WiringTargets['deployed']['emulator']): Promise<Finding[]> {
  const client = new ElastiCacheClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { ...EMULATOR_CREDENTIALS },
  });
  try {
    const { ReplicationGroups: groups = [] } = await client.send(new DescribeReplicationGroupsCommand({}));
    return groups
      .filter((group) => group.TransitEncryptionEnabled !== true)
      .map((group) =>
        notEnforced(
          `elasticache/${group.ReplicationGroupId ?? '?'}`,
          `TransitEncryptionEnabled=${String(group.TransitEncryptionEnabled ?? false)}`,
          "the replication group is deployed without in-transit encryption: ElastiCache would serve it in plain text, which the services' TLS clients cannot use",
        ),
      );
  } finally {
    client.destroy();
  }
}

/**
 * Makes each service use its database now: pools close idle sessions after seconds, so a quiet
 * stack may hold none to look at. A login reaches auth_db; a balance of a day nobody reads misses
 * the cache and reaches consolidated_db; cashflow's outbox relay polls cashflow_db all the time.
 */
async function useEveryDatabase(gateway: GatewayTarget): Promise<void> {
  const balances = await GatewayBalances.login(gateway);
  await balances.balance(addDays('2100-01-01', randomInt(36_500)));
}

async function postgresFindings(server: PostgresTarget, ca: string, gateway: GatewayTarget): Promise<Finding[]> {
  const findings: Finding[] = [];
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.username,
    password: server.password,
    database: 'postgres',
    ssl: { ca },
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  const overTls = await client.connect().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (overTls !== undefined) {
    await client.end().catch(() => undefined);
    return [
      notEnforced('postgres', `TLS connection failed: ${overTls}`, 'PostgreSQL does not accept a TLS connection'),
    ];
  }
  try {
    await useEveryDatabase(gateway);
    const { rows } = await client.query<{ datname: string; ssl: boolean | null }>(
      `select a.datname, s.ssl from pg_stat_activity a left join pg_stat_ssl s using (pid)
       where a.datname = any($1) and a.pid <> pg_backend_pid()`,
      [SERVICE_DATABASES],
    );
    for (const database of SERVICE_DATABASES) {
      const sessions = rows.filter((r) => r.datname === database);
      const plain = sessions.filter((r) => r.ssl !== true).length;
      if (sessions.length === 0) {
        findings.push(
          notEnforced(
            `postgres/${database}`,
            'no session',
            `no service holds a session to ${database}: nothing to see`,
          ),
        );
      } else if (plain > 0) {
        findings.push(
          notEnforced(
            `postgres/${database}`,
            `${plain} of ${sessions.length} sessions without TLS`,
            `pg_stat_ssl shows sessions to ${database} without TLS; RDS with rds.force_ssl refuses them`,
          ),
        );
      }
    }
  } finally {
    await client.end();
  }
  const plaintext = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.username,
    password: server.password,
    database: 'postgres',
    ssl: false,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  const accepted = await plaintext.connect().then(
    () => true,
    () => false,
  );
  await plaintext.end().catch(() => undefined);
  if (accepted) {
    findings.push(notEnforced('postgres', 'plain connection accepted', 'PostgreSQL accepts a connection without TLS'));
  }
  return findings;
}

interface ManagedConnection {
  readonly name: string;
  readonly ssl?: boolean;
  readonly user?: string;
}

interface Listener {
  readonly protocol: string;
  readonly port: number;
}

async function brokerFindings(broker: BrokerTarget, caFile: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { listeners = [] } = await managementApi<{ listeners?: Listener[] }>(broker, caFile, 'api/overview');
  for (const listener of listeners.filter((l) => l.protocol === 'amqp' || l.protocol === 'http')) {
    findings.push(
      notEnforced(
        `rabbitmq/listener ${listener.protocol}:${listener.port}`,
        `${listener.protocol} on ${listener.port}`,
        `the broker listens for plain ${listener.protocol}; Amazon MQ offers only amqps (5671) and https`,
      ),
    );
  }
  const deadline = Date.now() + CONNECTION_LISTING_TIMEOUT_MS;
  let connections = await managementApi<ManagedConnection[]>(broker, caFile, 'api/connections');
  for (
    let attempt = 0;
    connections.length < SERVICE_BROKER_CONNECTIONS && Date.now() < deadline && attempt < 120;
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    connections = await managementApi<ManagedConnection[]>(broker, caFile, 'api/connections');
  }
  if (connections.length < SERVICE_BROKER_CONNECTIONS) {
    findings.push(
      notEnforced(
        'rabbitmq/connections',
        `${connections.length} connections listed`,
        `the management API listed no connection of the consumer within ${CONNECTION_LISTING_TIMEOUT_MS} ms`,
      ),
    );
  }
  for (const connection of connections.filter((c) => c.ssl !== true)) {
    findings.push(
      notEnforced(
        `rabbitmq/connection ${connection.name}`,
        'ssl=false',
        `a connection of ${connection.user ?? 'an unknown user'} to the broker is not TLS`,
      ),
    );
  }
  return findings;
}

async function redisFindings(server: RedisTarget, ca: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const connect = async (options: { tls: boolean; auth: boolean }) => {
    const client = new Redis({
      host: server.host,
      port: server.port,
      ...(options.auth && server.authToken !== undefined ? { password: server.authToken } : {}),
      ...(options.tls ? { tls: { ca } } : {}),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: CONNECT_TIMEOUT_MS,
    });
    client.on('error', () => undefined);
    return client;
  };
  const answers = async (options: { tls: boolean; auth: boolean }): Promise<boolean> => {
    const client = await connect(options);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };
  if (server.authToken === undefined) {
    findings.push(
      notEnforced(
        'redis/auth',
        'no AUTH token',
        'Redis has no AUTH token; ElastiCache with in-transit encryption requires one',
      ),
    );
  }
  if (await answers({ tls: false, auth: true })) {
    // A port that answers plain text is no TLS port: a TLS handshake there would only wait out its timeout.
    findings.push(
      notEnforced('redis/plaintext', 'plain connection answered', `Redis answers plain text on port ${server.port}`),
    );
    return findings;
  }
  if (server.authToken !== undefined && (await answers({ tls: true, auth: false }))) {
    findings.push(notEnforced('redis/auth', 'answered without AUTH', 'Redis answers over TLS without the AUTH token'));
  }
  const client = await connect({ tls: true, auth: true });
  try {
    const overTls = await client.connect().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (overTls !== undefined) {
      findings.push(
        notEnforced(
          'redis/tls',
          `TLS connection failed: ${overTls}`,
          'Redis does not answer TLS with AUTH on its port',
        ),
      );
      return findings;
    }
    const others = String(await client.client('LIST'))
      .trim()
      .split('\n')
      .filter((line) => !/ cmd=client\b/.test(line));
    // cashflow (idempotency keys) and consolidated (report cache) hold clients on this, the only port.
    if (others.length < 2) {
      findings.push(
        notEnforced(
          'redis/clients',
          `${others.length} clients on the TLS port`,
          "the services' Redis clients are not on the TLS port with AUTH",
        ),
      );
    }
  } finally {
    client.disconnect();
  }
  return findings;
}
