import { paginateDescribeDBParameterGroups } from '@aws-sdk/client-rds';
import { HarnessError } from '../core/harness-error.ts';
import type { DeployProgress } from './deploy-progress.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

/**
 * Reads from the service API the names moto generates without giving them through `Ref` (DB
 * parameter groups: moto names them `<stack>-<logicalId>-<random>`), for each deployed resource
 * not looked up yet.
 */
export async function lookUpMotoNames(
  clients: EmulatorClients,
  progress: DeployProgress,
  stackName: string,
): Promise<void> {
  const { plan, known } = progress;
  const pending = [...progress.deployed].filter(
    (logicalId) =>
      plan.template.Resources[logicalId]?.Type === 'AWS::RDS::DBParameterGroup' && known.source(logicalId) !== 'lookup',
  );
  if (pending.length === 0) return;
  const names: string[] = [];
  for await (const page of paginateDescribeDBParameterGroups({ client: clients.rds, stopOnSameToken: true }, {})) {
    for (const group of page.DBParameterGroups ?? [])
      if (group.DBParameterGroupName) names.push(group.DBParameterGroupName);
  }
  for (const logicalId of pending) {
    const prefix = `${stackName}-${logicalId}`.toLowerCase();
    const name = names.find((candidate) => candidate.startsWith(prefix));
    if (!name)
      throw new HarnessError(
        'EMULATOR_ANSWER_INVALID',
        `DB parameter group ${logicalId} was deployed but no group named ${prefix}* exists`,
      );
    known.setRef(logicalId, 'lookup', name);
  }
}
