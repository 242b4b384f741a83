import { PARITY_EXIT, type ParityExitCode } from '../parity-result.ts';
import type { DefectOutcome } from './run-self-test.ts';

/**
 * The self-test's exit code: 1 when the gate missed a defect (whatever else happened: a hole in the
 * gate is the news), else 2 when a defect could not run or waits for a check not registered yet (the
 * self-test could not say that every defect is caught), else 0.
 */
export function selfTestExitCode(outcomes: readonly DefectOutcome[]): ParityExitCode {
  if (outcomes.some((outcome) => outcome.status === 'missed')) return PARITY_EXIT.findings;
  if (outcomes.some((outcome) => outcome.status === 'error' || outcome.status === 'waiting')) {
    return PARITY_EXIT.couldNotRun;
  }
  return PARITY_EXIT.holds;
}
