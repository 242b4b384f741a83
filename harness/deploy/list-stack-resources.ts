import { paginateListStackResources, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

/** Every resource summary of the stack, all pages read. */
export async function listStackResources(clients: EmulatorClients, stackName: string): Promise<StackResourceSummary[]> {
  const summaries: StackResourceSummary[] = [];
  // stopOnSameToken: an emulator that hands back the token it was given would otherwise page forever.
  const pages = paginateListStackResources(
    { client: clients.cloudFormation, stopOnSameToken: true },
    { StackName: stackName },
  );
  for await (const page of pages) summaries.push(...(page.StackResourceSummaries ?? []));
  return summaries;
}
