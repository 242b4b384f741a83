import { browserChecks, type BrowserCheckContext } from '../verify/browser-check.ts';
import type { ParityCheck } from '../verify/check.ts';
import { loadSmokeChecks, type LoadSmokeContext } from '../verify/load-smoke-check.ts';
import { staticChecks, type StaticCheckContext } from '../verify/static-checks.ts';
import { trafficChecks, type TrafficCheckContext } from '../verify/traffic-check.ts';

/** What the gate hands every check: the union of what each family needs. */
export type GateCheckContext = StaticCheckContext & TrafficCheckContext & LoadSmokeContext & BrowserCheckContext;

/**
 * Every check `harness verify` runs, in one list: the command, `--only`/`--skip` validation and the
 * self-test all read it, so a new check is registered here and nowhere else.
 */
export function gateChecks(): ParityCheck<GateCheckContext>[] {
  return [...staticChecks(), ...trafficChecks(), ...loadSmokeChecks(), ...browserChecks()];
}
