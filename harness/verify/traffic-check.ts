import type { ParityCheck } from './check.ts';
import { finding, type Finding } from './finding.ts';
import type { GatewayTarget } from './gateway-targets.ts';
import { runDifferentialTraffic } from './traffic/differential-traffic.ts';

export interface TrafficCheckContext {
  readonly gateways: { readonly compose: GatewayTarget; readonly aws: GatewayTarget };
  readonly progress: (message: string) => void;
}

const DIFFERENTIAL_TRAFFIC_CHECK = 'differential-traffic';

/** The seeded request script against both gateways, diffed beyond the learned noise and checked against the reference ledger. */
export function trafficChecks(): ParityCheck<TrafficCheckContext>[] {
  return [
    {
      id: DIFFERENTIAL_TRAFFIC_CHECK,
      family: 'traffic',
      title: 'Differential traffic: one seeded script against both gateways, and the reference ledger',
      run: async ({ gateways, progress }): Promise<Finding[]> => {
        const result = await runDifferentialTraffic({ ...gateways, onProgress: progress });
        return result.findings.map((f) =>
          finding({
            code: f.code,
            check: DIFFERENTIAL_TRAFFIC_CHECK,
            subject: f.subject,
            compose: f.compose ?? null,
            aws: f.aws ?? null,
            explanation: f.explanation,
          }),
        );
      },
    },
  ];
}
