import { HarnessError } from '../core/harness-error.ts';
import { STACK_OUTPUTS, serviceOutputIds } from '../../infra/lib/stack-outputs.ts';

// The infra app owns the output names (they are its contract with deploy scripts and this harness);
// the harness reads them from there and never spells them again.
export { STACK_OUTPUTS, serviceOutputIds };

/** The logical id of one stack output, e.g. `AlbDnsName`. */
export type StackOutputName = (typeof STACK_OUTPUTS)[keyof typeof STACK_OUTPUTS];

/**
 * One output of the deployed stack.
 * @throws HarnessError `STACK_OUTPUT_MISSING` when the deploy recorded no (or an empty) value
 */
export function requireStackOutput(outputs: Readonly<Record<string, string>>, name: StackOutputName): string {
  const value = outputs[name];
  if (value === undefined || value === '') {
    throw new HarnessError(
      'STACK_OUTPUT_MISSING',
      `the deployed stack has no output ${name} (see infra/lib/stack-outputs.ts)`,
    );
  }
  return value;
}
