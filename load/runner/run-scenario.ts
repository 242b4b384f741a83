import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNEE_LIMITS, type LoadScenario } from '../scenarios.ts';
import { k6Summary, kneeOf, type LoadSummary } from './k6-summary.ts';
import { runOpenModel, type LoadTarget, type RunOptions } from './open-model-runner.ts';

const KNEE_P99_MS = KNEE_LIMITS.p99Ms;
const KNEE_ERROR_RATE = KNEE_LIMITS.errorRate;

/** Runs one scenario, writes `<reportDir>/load-<scenario>-<profile>.json`, and returns its summary. */
export async function runScenario(
  scenario: LoadScenario,
  target: LoadTarget,
  profile: string,
  reportDir: string,
  options: Pick<RunOptions, 'onProgress'> = {},
): Promise<{ summary: LoadSummary; file: string }> {
  const stepped = scenario.executor === 'ramping-arrival-rate';
  const run = await runOpenModel(scenario, target, {
    ...options,
    ...(stepped
      ? {
          stopWhenStageBreaks: (stage) =>
            stage.p99Ms > KNEE_P99_MS || (stage.requests > 0 && stage.failed / stage.requests > KNEE_ERROR_RATE),
        }
      : {}),
  });
  const summary = k6Summary(run, profile, stepped ? kneeOf(run.stages, KNEE_P99_MS, KNEE_ERROR_RATE) : undefined);
  mkdirSync(reportDir, { recursive: true });
  const file = join(reportDir, `load-${scenario.name}-${profile}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, file };
}
