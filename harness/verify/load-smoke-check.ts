import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectNode } from '../core/project-node.ts';
import { REPO_ROOT } from '../core/run-dir.ts';
import type { ProfileName } from '../stack/stack-document.ts';
import type { LoadSummary } from '../../load/runner/k6-summary.ts';
import type { ParityCheck } from './check.ts';
import { finding, type Finding } from './finding.ts';

export interface LoadSmokeContext {
  /** The stack document the load runner reads its target from. */
  readonly stackFile: string;
  readonly reportDir: string;
  readonly progress: (message: string) => void;
  /** Each profile's summary, for the report's load section and chart. */
  readonly loadSummaries: Map<string, LoadSummary>;
}

const LOAD_SMOKE_CHECK = 'load-smoke';
const SCENARIO = 'consolidation-smoke';

/**
 * Runs the load runner in a process of its own (so its event loop is not the gate's) against one
 * profile, and returns the summary it wrote.
 */
async function runLoadProcess(profile: ProfileName, context: LoadSmokeContext): Promise<LoadSummary> {
  const cli = join(REPO_ROOT, 'load', 'runner', 'cli.ts');
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [
    tsx,
    cli,
    '--profile',
    profile,
    '--scenario',
    SCENARIO,
    '--against',
    context.stackFile,
    '--report-dir',
    context.reportDir,
  ];
  // The project's Node 22, not the Node the gate runs on: undici fails on the machine's Node 20.
  const child = spawn(projectNode(), args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const tail = () => output.trim().split('\n').slice(-15).join('\n');
  // 1 is "a threshold failed", which the summary shows; anything else means the run did not happen.
  if (code !== 0 && code !== 1) throw new Error(`the load runner for ${profile} exited with ${code}:\n${tail()}`);
  try {
    return JSON.parse(readFileSync(join(context.reportDir, `load-${SCENARIO}-${profile}.json`), 'utf8')) as LoadSummary;
  } catch (error) {
    throw new Error(`the load runner for ${profile} wrote no summary (exit ${code}):\n${tail()}`, { cause: error });
  }
}

/** 15 s at 50 req/s of balance and report reads on each profile: the requirement's rate, as a smoke. */
export function loadSmokeChecks(): ParityCheck<LoadSmokeContext>[] {
  return [
    {
      id: LOAD_SMOKE_CHECK,
      family: 'smoke',
      title: 'Load smoke: 50 req/s for 15 s on the consolidation read path, each profile',
      run: async (context): Promise<Finding[]> => {
        // Both profiles at once: each still gets 50 req/s for 15 s, both under the same machine
        // conditions (a fairer comparison than one after the other), in half the time.
        context.progress('load smoke on compose and aws at once');
        const profiles = ['compose', 'aws'] as const;
        const summaries = await Promise.all(profiles.map((profile) => runLoadProcess(profile, context)));
        const findings: Finding[] = [];
        profiles.forEach((profile, index) => {
          const summary = summaries[index]!;
          context.loadSummaries.set(profile, summary);
          for (const [metric, { thresholds }] of Object.entries(summary.metrics)) {
            for (const [expression, { ok }] of Object.entries(thresholds ?? {})) {
              if (ok) continue;
              findings.push(
                finding({
                  code: 'LOAD_THRESHOLD_FAILED',
                  check: LOAD_SMOKE_CHECK,
                  subject: `${profile}: ${metric} ${expression}`,
                  compose: profile === 'compose' ? JSON.stringify(summary.metrics[metric]?.values) : null,
                  aws: profile === 'aws' ? JSON.stringify(summary.metrics[metric]?.values) : null,
                  explanation: `the ${SCENARIO} threshold ${metric} ${expression} failed on the ${profile} gateway`,
                }),
              );
            }
          }
        });
        return findings;
      },
    },
  ];
}
