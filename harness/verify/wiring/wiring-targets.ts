import type { GatewayTarget } from '../gateway-targets.ts';

/** A PostgreSQL server as an administrator reaches it (the stack document's `backing.postgres`). */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** A RabbitMQ broker: the AMQP URI the services use (with its vhost) and the management API. */
export interface BrokerTarget {
  readonly amqpUri: string;
  readonly managementUri: string;
  readonly username: string;
  readonly password: string;
}

/** A Redis server: its one port, and the AUTH token when it has one. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly authToken?: string;
}

/** What the services publish to and consume from (BUS_NAMESPACE, BUS_ENDPOINT_NAME of each profile). */
export interface BusNames {
  /** The contract's namespace: messages go to the exchange `<namespace>:EntryRegistered`. */
  readonly namespace: string;
  /** The consumer's endpoint queue; faults land in `<endpoint>_error`. */
  readonly endpoint: string;
}

/** One profile's servers, gateway and bus names, as the running stack names them. */
export interface WiringProfileTarget {
  readonly postgres: PostgresTarget;
  readonly rabbitmq: BrokerTarget;
  readonly redis: RedisTarget;
  readonly gateway: GatewayTarget;
  readonly bus: BusNames;
}

/** A task of the deployed target started by a check, until the check stops it. */
export interface DeployedTask {
  /** The environment the task started with (secrets resolved): for comparison only, never for a finding. */
  getEnvironment(): Readonly<Record<string, string>>;
  stop(): Promise<unknown>;
}

/** The deploy's side of the aws profile: the emulator, the secrets it holds, and a way to start tasks. */
interface DeployedTarget {
  readonly emulator: { readonly endpoint: string; readonly region: string };
  /** The ARN of the database secret the task definitions inject (the stack output `DbSecretArn`). */
  readonly dbSecretArn: string;
  /**
   * Starts one more cashflow task from the deployed task definition, as ECS starts a new task
   * (secrets pulled now). Rejects with a `TaskStartError` when ECS would not start it.
   */
  readonly startCashflowTask: () => Promise<DeployedTask>;
}

/**
 * What the wiring checks reach: both profiles' servers and gateways, the harness CA the managed
 * side's certificates are issued by, and the deployed target. Everything comes from the running
 * stack's document and the deploy, so `harness verify --against` can check a stack it did not start.
 */
export interface WiringTargets {
  readonly caFile: string;
  readonly compose: WiringProfileTarget;
  readonly aws: WiringProfileTarget;
  readonly deployed: DeployedTarget;
  /** How long a check waits for an effect that has not shown yet (a message consumed, a fault). @default 30000 */
  readonly effectTimeoutMs?: number;
}

/** The context the wiring family needs from the gate. */
export interface WiringCheckContext {
  readonly wiring: WiringTargets;
}
