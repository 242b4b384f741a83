import {
  CreateStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type Capability,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

/** Reads the stack, or `undefined` when it does not exist (or was deleted). */
export async function describeStack(clients: EmulatorClients, stackName: string): Promise<Stack | undefined> {
  try {
    const answer = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? stack : undefined;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * CreateStack, or UpdateStack when the stack exists (never a change set: moto loses outputs on
 * those), then waits for a terminal status. "No updates are to be performed" is success.
 */
export async function createOrUpdateStack(
  clients: EmulatorClients,
  stackName: string,
  templateBody: string,
  options: { timeoutMs: number },
): Promise<{ stack: Stack; operation: 'create' | 'update' | 'none' }> {
  const existing = await describeStack(clients, stackName);
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE' || existing?.StackStatus === 'CREATE_IN_PROGRESS') {
    throw new Error(
      `stack ${stackName} is ${existing.StackStatus} from an earlier failed deploy (${existing.StackStatusReason ?? 'no reason'}); delete it or reset the emulator`,
    );
  }
  let operation: 'create' | 'update' | 'none';
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
      throw new Error(`${existing ? 'UpdateStack' : 'CreateStack'} ${stackName} was refused: ${message}`, {
        cause: error,
      });
    }
  }
  const stack = await waitForStack(clients, stackName, options.timeoutMs);
  return { stack, operation };
}

const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/** Polls DescribeStacks until the status leaves *_IN_PROGRESS; throws with the status reason on failure. */
export async function waitForStack(clients: EmulatorClients, stackName: string, timeoutMs: number): Promise<Stack> {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 50;
  for (;;) {
    const stack = await describeStack(clients, stackName);
    const status = stack?.StackStatus ?? 'MISSING';
    if (stack && !status.endsWith('_IN_PROGRESS')) {
      if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return stack;
      throw new Error(`stack ${stackName} ended ${status}: ${stack.StackStatusReason ?? 'no status reason given'}`);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for stack ${stackName} to complete (last status ${status})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 1000);
  }
}

/** The stack's outputs as a plain map. */
export function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey!, output.OutputValue ?? '']));
}
