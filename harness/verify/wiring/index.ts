// The wiring family's public API: its checks, what they reach, and how a running stack provides it.
export { wiringChecks } from './wiring-checks.ts';
export { gatherWiringTargets } from './gather-wiring-targets.ts';
export type { WiringCheckContext, WiringProfileTarget, WiringTargets } from './wiring-targets.ts';
