// The wiring family's public API: its checks, what they reach, and how a running stack provides it.
export { wiringChecks } from './wiring-checks.ts';
export { gatherWiringTargets, type GatherWiringOptions } from './gather-wiring-targets.ts';
export type {
  BrokerTarget,
  BusNames,
  DeployedTask,
  DeployedTarget,
  PostgresTarget,
  RedisTarget,
  WiringCheckContext,
  WiringProfileTarget,
  WiringTargets,
} from './wiring-targets.ts';
