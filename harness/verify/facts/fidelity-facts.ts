import type { EmulatorClients } from '../../aws/emulator-clients.ts';
import type { DeployFidelityInput, DescribedResource } from '../deploy-fidelity.ts';
import { RESOURCE_INVENTORIES } from './resource-inventory.ts';

/** What the deploy recorded of each template resource and of its adaptations. */
export interface FidelityRecord {
  readonly stackName: string;
  readonly resources: readonly {
    readonly logicalId: string;
    readonly type: string;
    readonly via: string;
    readonly physicalId?: string;
    readonly arn?: string;
  }[];
  readonly adaptations: readonly { readonly logicalId: string; readonly action: string; readonly detail: string }[];
}

/**
 * Describes every resource of the deploy record through its own service API: one listing per type
 * (ids, names and ARNs), then each resource looked up in it by its physical id or ARN. A resource
 * the emulator gave no physical id is looked up by the name moto generates, `<stack>-<logicalId>-*`.
 */
export async function readDeployFidelity(
  clients: EmulatorClients,
  record: FidelityRecord,
): Promise<DeployFidelityInput> {
  const listings = new Map<string, Promise<Set<string>>>();
  const listing = (type: string) => {
    let found = listings.get(type);
    if (found === undefined) {
      const wanted = record.resources.flatMap((r) => (r.type === type && r.physicalId ? [r.physicalId] : []));
      found = RESOURCE_INVENTORIES[type]!(clients, wanted).then((ids) => new Set(ids));
      listings.set(type, found);
    }
    return found;
  };
  const resources = await Promise.all(
    record.resources.map(async (resource): Promise<DescribedResource> => {
      const base = { logicalId: resource.logicalId, type: resource.type };
      if (resource.via === 'removed') {
        const reason = record.adaptations.find((a) => a.logicalId === resource.logicalId && a.action === 'removed');
        return { ...base, state: 'removed', ...(reason === undefined ? {} : { detail: reason.detail }) };
      }
      if (RESOURCE_INVENTORIES[resource.type] === undefined) {
        return { ...base, state: 'unverified', detail: 'the gate has no describer for this type' };
      }
      let ids: Set<string>;
      try {
        ids = await listing(resource.type);
      } catch (error) {
        return {
          ...base,
          state: 'unverified',
          detail: `the emulator cannot list this type: ${(error as Error).message}`,
        };
      }
      const wanted = [resource.physicalId, resource.arn].filter((id): id is string => id !== undefined);
      if (wanted.some((id) => ids.has(id))) return { ...base, state: 'present' };
      if (wanted.length === 0) {
        const prefix = `${record.stackName}-${resource.logicalId}`.toLowerCase();
        if ([...ids].some((id) => id.toLowerCase().startsWith(prefix))) return { ...base, state: 'present' };
        return { ...base, state: 'missing', detail: `no ${resource.type} named ${prefix}* is listed` };
      }
      return { ...base, state: 'missing', detail: `no ${resource.type} ${wanted[0]} is listed` };
    }),
  );
  return { resources };
}
