import { setTimeout as sleep } from 'node:timers/promises';
import type { StartedBackingServer, StartedStack, StoppedBackingServer } from '../../../harness/index.ts';
import { rewriteEndpoints } from '../../../harness/launch/index.ts';
import { loadTargetFromDocument } from '../../../load/runner/load-target.ts';
import type { AcknowledgedEntry } from '../../../load/runner/write-then-read-runner.ts';
import { addDays } from '../../../load/scenarios.ts';
import { launchedProfile } from '../../support/start-scenario-stack.ts';
import type { FaultCase } from './run-fault-under-load.ts';
import { TcpFaultProxy } from '../../../services/shared/test/tcp-fault-proxy.ts';

type Profile = 'compose' | 'aws';

/** The profile's consolidated service SIGKILLed (a crashed task) for `downSeconds`, then started again. */
export function consolidatedKill(stack: StartedStack, profile: Profile, downSeconds = 30): FaultCase {
  const service = launchedProfile(stack, profile).services.consolidated;
  return {
    fault: 'consolidated-kill',
    title: `consolidated SIGKILLed for ${downSeconds} s`,
    atSecond: 10,
    downSeconds,
    inject: async () => {
      await service.kill();
    },
    recover: async () => {
      await service.start();
    },
  };
}

/** A backing server SIGKILLed for `downSeconds`, then started again on its ports with its data. */
function serverKill(server: StartedBackingServer, fault: string, title: string, downSeconds: number): FaultCase {
  let stopped: StoppedBackingServer<StartedBackingServer> | undefined;
  return {
    fault,
    title,
    atSecond: 10,
    downSeconds,
    inject: async () => {
      stopped = await server.kill();
    },
    recover: async () => {
      await stopped?.start();
    },
  };
}

/** The profile's RabbitMQ (Amazon MQ's stand-in on aws) SIGKILLed for `downSeconds`. */
export function brokerKill(stack: StartedStack, profile: Profile, downSeconds = 30): FaultCase {
  return serverKill(
    stack.profile(profile).rabbitmq,
    'broker-kill',
    `broker SIGKILLed for ${downSeconds} s`,
    downSeconds,
  );
}

/** What the Redis fault's own writes were answered: each key sent twice during the outage. */
export interface RetriedWrite {
  readonly key: string;
  readonly answers: readonly { readonly status: number; readonly id: string | undefined }[];
}

/**
 * The profile's Redis SIGKILLed for `downSeconds`. Half-way through, a few entries are each sent
 * twice with the same Idempotency-Key: with Redis gone, only the database's constraint can make the
 * second a replay of the first (`retried` holds what each was answered).
 */
export function redisKill(
  stack: StartedStack,
  profile: Profile,
  firstDate: string,
  downSeconds = 20,
): FaultCase & { readonly retried: RetriedWrite[] } {
  const base = serverKill(
    stack.profile(profile).redis,
    'redis-kill',
    `Redis SIGKILLed for ${downSeconds} s`,
    downSeconds,
  );
  const retried: RetriedWrite[] = [];
  return {
    ...base,
    retried,
    notes: ['5 entries sent twice each with the same Idempotency-Key while Redis was down'],
    duringFault: async () => {
      const target = await loadTargetFromDocument(stack.document, profile);
      const acknowledged: AcknowledgedEntry[] = [];
      for (let k = 0; k < 5; k++) {
        const key = `redis-outage-retry-${firstDate}-${k}`;
        const entry = {
          type: 'credit' as const,
          amount: 7_000 + k,
          date: addDays(firstDate, k),
          description: `redis outage retry ${k}`,
        };
        const answers: { status: number; id: string | undefined }[] = [];
        for (let attempt = 0; attempt < 2; attempt++) {
          const response = await fetch(new URL('/api/cashflow/entries', target.baseUrl), {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': key,
              ...(target.token === undefined ? {} : { authorization: `Bearer ${target.token}` }),
            },
            body: JSON.stringify(entry),
            signal: AbortSignal.timeout(10_000),
          });
          const body = (await response.json().catch(() => ({}))) as { id?: unknown };
          const id = typeof body.id === 'string' ? body.id : undefined;
          answers.push({ status: response.status, id });
          if (response.status === 201 && id !== undefined) {
            acknowledged.push({
              idempotencyKey: key,
              id,
              type: entry.type,
              amountCents: entry.amount,
              date: entry.date,
              atMs: 0,
            });
          }
        }
        retried.push({ key, answers });
      }
      return acknowledged;
    },
  };
}

/**
 * The profile's PostgreSQL SIGKILLed while consolidated works off a backlog, and started again
 * `downSeconds` later. The backlog (consolidated killed for `backlogSeconds` first, then started)
 * makes sure messages are in the consumer's hands when the database goes: their transactions fail
 * and must be retried, not faulted or applied twice. One server holds `auth_db`, `cashflow_db` and
 * `consolidated_db` (as one RDS instance does), so the restart behind consolidated_db takes
 * cashflow_db down with it: writes fail while it is down.
 */
export function postgresRestart(stack: StartedStack, profile: Profile, downSeconds = 5, backlogSeconds = 8): FaultCase {
  const consolidated = launchedProfile(stack, profile).services.consolidated;
  const server = serverKill(stack.profile(profile).postgres, 'postgres-restart', '', downSeconds);
  return {
    ...server,
    title: `PostgreSQL SIGKILLed during consolidated's catch-up, restarted after ${downSeconds} s`,
    inject: async () => {
      await consolidated.kill();
      await sleep(backlogSeconds * 1000);
      await consolidated.start();
      await server.inject();
    },
    notes: [
      `consolidated was killed ${backlogSeconds} s before, so a backlog was being applied when PostgreSQL went`,
      'one PostgreSQL server holds auth_db, cashflow_db and consolidated_db: the restart takes cashflow_db down too, so writes fail while it is down',
    ],
  };
}

/** Polls `condition` every 100 ms until it holds; false after `timeoutMs`. */
async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (condition()) return true;
    await sleep(100);
  }
  return condition();
}

/** What consolidated logs as it crashes on `TEST_ONLY_CRASH_BEFORE_ACK_OF` (services/consolidated/src/consumer/crash-before-ack.ts). */
const CRASH_LOG_LINE = 'TEST_ONLY_CRASH_BEFORE_ACK_OF: crashing after the commit, before the ack';

/**
 * Consolidated restarted with `TEST_ONLY_CRASH_BEFORE_ACK_OF=<crashAt>`: it SIGKILLs itself right
 * after the `crashAt`th message's balance change committed, before the ack, with the backlog and
 * the live load flowing. The recovery waits for that crash (bounded), then starts it as deployed.
 * `crashObserved()` says whether the crash line was the last thing it logged.
 */
export function consumerCrash(
  stack: StartedStack,
  profile: Profile,
  crashAt = 2_000,
): FaultCase & { crashObserved(): boolean } {
  const service = launchedProfile(stack, profile).services.consolidated;
  let crashed = false;
  return {
    fault: 'consumer-crash',
    title: `consolidated crashed between apply and ack (message ${crashAt})`,
    atSecond: 10,
    downSeconds: 15,
    notes: [
      `restarted with TEST_ONLY_CRASH_BEFORE_ACK_OF=${crashAt}: SIGKILL right after that message's commit, before its ack; started again as deployed once it died`,
    ],
    inject: async () => {
      await service.stop();
      await service.start((env) => ({ ...env, TEST_ONLY_CRASH_BEFORE_ACK_OF: String(crashAt) }));
    },
    recover: async () => {
      if (!(await eventually(() => !service.isRunning(), 90_000))) {
        throw new Error(`consolidated did not crash at message ${crashAt} within 90 s`);
      }
      crashed = service.logTail(20).includes(CRASH_LOG_LINE);
      await service.start();
    },
    crashObserved: () => crashed,
  };
}

/** Consolidated's broker connection routed through a {@link TcpFaultProxy}, and how to undo it. */
export interface ProxiedBroker {
  readonly proxy: TcpFaultProxy;
  restore(): Promise<void>;
}

/**
 * Restarts consolidated with its broker URL rewritten to a fault proxy in front of the profile's
 * RabbitMQ (the launcher's own endpoint rewrite, for that start only), and waits until its
 * consumer has connected through the proxy.
 */
export async function routeConsolidatedBrokerThroughProxy(
  stack: StartedStack,
  profile: Profile,
): Promise<ProxiedBroker> {
  const rabbitmq = stack.profile(profile).rabbitmq;
  const service = launchedProfile(stack, profile).services.consolidated;
  const proxy = await TcpFaultProxy.start({ host: rabbitmq.getHost(), port: rabbitmq.getPort() });
  const toProxy = (_host: string, port: number | undefined) =>
    port === rabbitmq.getPort() ? { host: '127.0.0.1', port: proxy.getPort() } : undefined;
  await service.stop();
  await service.start((env) => rewriteEndpoints(env, toProxy).environment);
  if (!(await eventually(() => proxy.connections > 0, 60_000))) {
    await proxy.close();
    throw new Error('consolidated did not connect to its broker through the fault proxy within 60 s');
  }
  return {
    proxy,
    restore: async () => {
      await service.stop();
      await service.start();
      await proxy.close();
    },
  };
}

/** 200 ms added to every chunk each way on consolidated's broker link for `downSeconds`. */
export function brokerLatency(proxy: TcpFaultProxy, latencyMs = 200, downSeconds = 20): FaultCase {
  return {
    fault: 'broker-latency',
    title: `${latencyMs} ms latency each way on consolidated's broker link for ${downSeconds} s`,
    atSecond: 10,
    downSeconds,
    inject: async () => proxy.setLatency(latencyMs),
    recover: async () => proxy.setLatency(0),
  };
}

/** No byte moves on consolidated's broker link for `downSeconds`; the connection stays open. */
export function brokerStall(proxy: TcpFaultProxy, downSeconds = 20): FaultCase {
  return {
    fault: 'broker-stall',
    title: `consolidated's broker link stalled for ${downSeconds} s`,
    atSecond: 10,
    downSeconds,
    inject: async () => proxy.stall(),
    recover: async () => proxy.resume(),
  };
}

/** Consolidated's broker link reset, and every reconnect refused, for `downSeconds`. */
export function brokerCut(proxy: TcpFaultProxy, downSeconds = 20): FaultCase {
  return {
    fault: 'broker-cut',
    title: `consolidated's broker link cut for ${downSeconds} s`,
    atSecond: 10,
    downSeconds,
    inject: async () => {
      proxy.cut();
    },
    recover: async () => proxy.heal(),
  };
}
