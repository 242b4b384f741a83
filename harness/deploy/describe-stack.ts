import { DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
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
