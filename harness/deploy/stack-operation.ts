import { CreateStackCommand, UpdateStackCommand, type Capability, type Stack } from '@aws-sdk/client-cloudformation';
import { HarnessError } from '../core/harness-error.ts';
import { describeStack } from './describe-stack.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

/** One stack operation of a staged deploy. */
export interface StackOperation {
  readonly operation: 'create' | 'update' | 'none';
  readonly status: string;
  readonly resources: number;
}

/**
 * CreateStack, or UpdateStack when the stack exists (never a change set: moto loses outputs on
 * those), then waits for a terminal status. "No updates are to be performed" is success.
 */
export async function runStackOperation(
  clients: EmulatorClients,
  stackName: string,
  templateBody: string,
  options: { timeoutMs: number },
): Promise<{ stack: Stack; operation: StackOperation['operation'] }> {
  const existing = await describeStack(clients, stackName);
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE' || existing?.StackStatus === 'CREATE_IN_PROGRESS') {
    throw new HarnessError(
      'STACK_OPERATION_FAILED',
      `stack ${stackName} is ${existing.StackStatus} from an earlier failed deploy (${existing.StackStatusReason ?? 'no reason'}); delete it or reset the emulator`,
    );
  }
  let operation: StackOperation['operation'];
  try {
    if (existing) {
      await clients.cloudFormation.send(
        new UpdateStackCommand({ StackName: stackName, TemplateBody: templateBody, Capabilities: CAPABILITIES }),
      );
      operation = 'update';
    } else {
      await clients.cloudFormation.send(
        new CreateStackCommand({ StackName: stackName, TemplateBody: templateBody, Capabilities: CAPABILITIES }),
      );
      operation = 'create';
    }
  } catch (error) {
    if (error instanceof Error && /No updates are to be performed/.test(error.message)) operation = 'none';
    else {
      const message = error instanceof Error ? error.message : String(error);
      throw new HarnessError(
        'STACK_OPERATION_FAILED',
        `${existing ? 'UpdateStack' : 'CreateStack'} ${stackName} was refused: ${message}`,
        { cause: error },
      );
    }
  }
  const stack = await waitForStack(clients, stackName, options.timeoutMs);
  return { stack, operation };
}

const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/** Polls DescribeStacks until the status leaves *_IN_PROGRESS; throws with the status reason on failure. */
async function waitForStack(clients: EmulatorClients, stackName: string, timeoutMs: number): Promise<Stack> {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 50;
  for (;;) {
    const stack = await describeStack(clients, stackName);
    const status = stack?.StackStatus ?? 'MISSING';
    if (stack && !status.endsWith('_IN_PROGRESS')) {
      if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return stack;
      throw new HarnessError(
        'STACK_OPERATION_FAILED',
        `stack ${stackName} ended ${status}: ${stack.StackStatusReason ?? 'no status reason given'}`,
      );
    }
    if (Date.now() >= deadline) {
      throw new HarnessError(
        'WAIT_TIMEOUT',
        `timed out after ${timeoutMs} ms waiting for stack ${stackName} to complete (last status ${status})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 1000);
  }
}
