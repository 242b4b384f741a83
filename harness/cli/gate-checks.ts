import { browserChecks, type BrowserCheckContext } from '../verify/browser-check.ts';
import type { ParityCheck } from '../verify/check.ts';
import { loadSmokeChecks, type LoadSmokeContext } from '../verify/load-smoke-check.ts';
import { secretHygieneChecks, type SecretHygieneContext } from '../verify/secret-hygiene/secret-hygiene-check.ts';
import { staticChecks, type StaticCheckContext } from '../verify/static-checks.ts';
import { targetChecks, type TargetCheckContext } from '../verify/target-checks.ts';
import { trafficChecks, type TrafficCheckContext } from '../verify/traffic-check.ts';
import { wiringChecks, type WiringCheckContext } from '../verify/wiring/index.ts';

/** What the gate hands every check: the union of what each family needs. */
export type GateCheckContext = StaticCheckContext &
  TargetCheckContext &
  TrafficCheckContext &
  WiringCheckContext &
  LoadSmokeContext &
  BrowserCheckContext &
  SecretHygieneContext;

/**
 * Every check `harness verify` runs, in one list: the command, `--only`/`--skip` validation and the
 * self-test all read it, so a new check is registered here and nowhere else.
 */
export function gateChecks(): ParityCheck<GateCheckContext>[] {
  return [
    ...staticChecks(),
    ...targetChecks(),
    ...trafficChecks(),
    ...wiringChecks(),
    ...loadSmokeChecks(),
    ...browserChecks(),
    // Last: it scans the logs of all the traffic above.
    ...secretHygieneChecks(),
  ];
}
