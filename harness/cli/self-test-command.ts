import { join } from 'node:path';
import { harnessHome, newRunId, REPO_ROOT } from '../core/run-dir.ts';
import type { EmulatorChoice } from '../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../providers/resolve-provider.ts';
import { PARITY_ALLOW_LIST } from '../verify/allow-list.ts';
import { gatewayTargets } from '../verify/gateway-targets.ts';
import { PARITY_EXIT } from '../verify/parity-result.ts';
import { DEFECT_CATALOGUE } from '../verify/self-test/defect-catalogue.ts';
import { runSelfTest, type DefectOutcome } from '../verify/self-test/run-self-test.ts';
import { selfTestExitCode } from '../verify/self-test/self-test-exit-code.ts';
import { formatSelfTestTable } from '../verify/self-test/self-test-table.ts';
import { secretHygieneTarget } from '../verify/secret-hygiene/secret-hygiene-target.ts';
import { gatherWiringTargets } from '../verify/wiring/index.ts';
import { gateChecks, type GateCheckContext } from './gate-checks.ts';

export interface SelfTestCommandOptions {
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  /** Run only these defects of the catalogue (`--defect`). */
  readonly defect?: readonly string[];
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `harness verify --self-test`: seeds each defect of the catalogue into a temporary copy and checks
 * that the gate catches it with its expected code. Exit 0 when every selected defect is caught; 1
 * when the gate missed one; 2 when one could not be run, or waits for a check not registered yet.
 */
export async function selfTestCommand(options: SelfTestCommandOptions): Promise<number> {
  const known = new Set(DEFECT_CATALOGUE.map((defect) => defect.id));
  const unknown = (options.defect ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    say(`harness verify --self-test: unknown defect(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    return PARITY_EXIT.couldNotRun;
  }
  const selected = options.defect?.length
    ? DEFECT_CATALOGUE.filter((defect) => options.defect!.includes(defect.id))
    : DEFECT_CATALOGUE;
  const home = join(harnessHome(), 'self-test');
  let outcomes: readonly DefectOutcome[];
  try {
    const result = await runSelfTest<GateCheckContext>({
      defects: selected,
      checks: gateChecks(),
      contextFor: (facts, document, workDir) => ({
        staticFacts: facts.staticFacts,
        targetFacts: facts.targetFacts,
        // The wiring targets need launched services; built only when a wiring check asks for them.
        get wiring() {
          return gatherWiringTargets({ document, configuration: facts.staticFacts.configuration });
        },
        // The self-test launches no services: a check that needs the gateways says so when it asks.
        get gateways() {
          return gatewayTargets(document);
        },
        // Needs the gateways too: no defect of the catalogue is seeded into a running service's log yet.
        get secretHygiene() {
          return secretHygieneTarget({
            document,
            secrets: facts.namedSecrets,
            stackFile: join(workDir, 'stack.json'),
            reportDir: workDir,
          });
        },
        stackFile: join(workDir, 'stack.json'),
        reportDir: workDir,
        loadSummaries: new Map(),
        screenshots: [],
        progress: (message: string) => say(`      ${message}`),
      }),
      allowList: PARITY_ALLOW_LIST,
      provider: options.provider,
      emulator: options.emulator,
      home,
      runId: newRunId(),
      composeFile: join(REPO_ROOT, 'docker-compose.yml'),
      env: process.env,
      say,
    });
    outcomes = result.outcomes;
    process.stdout.write(`${formatSelfTestTable(outcomes)}\n`);
    say(`self-test took ${(result.durationMs / 1000).toFixed(1)} s (setup ${(result.setupMs / 1000).toFixed(1)} s)`);
  } catch (error) {
    say(`harness verify --self-test: could not run: ${error instanceof Error ? error.message : String(error)}`);
    return PARITY_EXIT.couldNotRun;
  }
  const count = (status: DefectOutcome['status']) => outcomes.filter((outcome) => outcome.status === status);
  const [caught, missed, waiting, errors] = [count('caught'), count('missed'), count('waiting'), count('error')];
  say(
    `${caught.length} caught, ${missed.length} missed, ${errors.length} could not run, ${waiting.length} waiting (of ${outcomes.length})`,
  );
  if (missed.length > 0) say(`the gate missed: ${missed.map((outcome) => outcome.defect.id).join(', ')}`);
  if (errors.length > 0) say(`could not run: ${errors.map((outcome) => outcome.defect.id).join(', ')}`);
  if (waiting.length > 0) {
    const checks = [...new Set(waiting.map((outcome) => outcome.defect.check))];
    say(
      `${waiting.length} defect(s) wait for check(s) not registered in gateChecks(): ${checks.join(', ')}; ` +
        'so the self-test cannot say every defect is caught (select the others with --defect)',
    );
  }
  return selfTestExitCode(outcomes);
}
