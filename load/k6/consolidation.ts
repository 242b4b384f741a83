/**
 * k6 script for the consolidation scenarios of load/scenarios.ts, for users with k6:
 *
 *   GW=$(node -pe 'require("./.harness/stack.json").profiles.aws.gateway.url')
 *   TOKEN=... (see the README)
 *   k6 run -e SCENARIO=consolidation-peak -e BASE_URL=$GW -e TOKEN=$TOKEN load/k6/consolidation.ts
 *
 * Rate, duration, stages, the request mix and the thresholds all come from the scenario
 * definition, the same one the Node runner (`npm run load`) executes.
 */
import http from 'k6/http';
import type { Options } from 'k6/options';
import { KNEE_LIMITS, loadScenarios, requestPath, type LoadScenario } from '../scenarios.ts';

const scenario: LoadScenario | undefined = loadScenarios[__ENV.SCENARIO ?? 'consolidation-peak'];
if (scenario === undefined) throw new Error(`SCENARIO must be one of ${Object.keys(loadScenarios).join(', ')}`);
const baseUrl = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const params = { headers: { authorization: `Bearer ${__ENV.TOKEN ?? ''}` } };

function executor(s: LoadScenario): NonNullable<Options['scenarios']>[string] {
  if (s.executor === 'constant-arrival-rate') {
    return {
      executor: 'constant-arrival-rate',
      rate: s.rate,
      timeUnit: '1s',
      duration: `${s.durationSeconds}s`,
      preAllocatedVUs: s.preAllocatedVUs,
      maxVUs: s.maxVUs,
    };
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: s.rate,
    timeUnit: '1s',
    preAllocatedVUs: s.preAllocatedVUs,
    maxVUs: s.maxVUs,
    stages: (s.stages ?? []).map((stage) => ({ target: stage.target, duration: `${stage.durationSeconds}s` })),
  };
}

const stepped = scenario.executor === 'ramping-arrival-rate';

export const options: Options = {
  scenarios: { [scenario.name]: executor(scenario) },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  thresholds: stepped
    ? {
        // k6 has no per-step verdict: the run stops at the first breach, so the knee is the step before it.
        http_req_failed: [{ threshold: `rate<${KNEE_LIMITS.errorRate}`, abortOnFail: true, delayAbortEval: '5s' }],
        http_req_duration: [{ threshold: `p(99)<${KNEE_LIMITS.p99Ms}`, abortOnFail: true, delayAbortEval: '5s' }],
      }
    : Object.fromEntries(Object.entries(scenario.thresholds).map(([metric, list]) => [metric, [...list]])),
};

export default function (): void {
  const { method, path, name } = requestPath(scenario!, __ITER + __VU * 100_000);
  http.request(method, `${baseUrl}${path}`, null, { ...params, tags: { name } });
}
