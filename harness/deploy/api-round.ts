import type { Logger } from 'pino';
import { HarnessError } from '../core/harness-error.ts';
import type { ApiResourceResult } from './api/api-resource-handler.ts';
import { API_RESOURCE_HANDLERS } from './api/handlers.ts';
import type { DeployProgress } from './deploy-progress.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { unresolvedIn } from './intrinsics.ts';
import type { ValueResolver } from './value-resolver.ts';

/** An API-created resource as the report records it. */
export interface ApiCreatedResource extends ApiResourceResult {
  readonly logicalId: string;
  readonly type: string;
}

/** What the API round works with besides the deploy's progress. */
export interface ApiRoundContext {
  readonly clients: EmulatorClients;
  readonly stackName: string;
  readonly resolver: ValueResolver;
  readonly log: Logger;
}

/**
 * Creates through its service's own API each resource moto's CloudFormation cannot create, as
 * soon as all its inputs are known, and again when an input changed since (the handlers find
 * what they created before, so this is idempotent). One round goes on until nothing changes, so
 * API resources that depend on each other are created in dependency order.
 */
export class ApiRound {
  /** The resolved properties each resource was last ensured with. */
  private readonly inputs = new Map<string, string>();

  constructor(private readonly context: ApiRoundContext) {}

  /** Runs one round; true when it created or updated a resource. */
  async run(progress: DeployProgress): Promise<boolean> {
    let changed = false;
    for (let again = true; again;) {
      again = false;
      for (const logicalId of progress.plan.api) {
        if (progress.missingInputs(logicalId).length > 0) continue;
        if (await this.ensure(progress, logicalId)) {
          again = true;
          changed = true;
        }
      }
    }
    return changed;
  }

  private async ensure(progress: DeployProgress, logicalId: string): Promise<boolean> {
    const { clients, stackName, resolver, log } = this.context;
    const resource = progress.plan.template.Resources[logicalId]!;
    const properties = (await resolver.resolve(resource.Properties ?? {}, 'full')) as Record<string, unknown>;
    const unresolved = unresolvedIn(properties);
    if (unresolved.length > 0) {
      throw new HarnessError(
        'INTRINSIC_UNRESOLVED',
        `${logicalId} (${resource.Type}): cannot resolve ${unresolved.slice(0, 3).join(', ')}`,
      );
    }
    const fingerprint = JSON.stringify(properties);
    if (this.inputs.get(logicalId) === fingerprint) return false;
    // The plan puts a resource into `api` only when a handler exists for its type.
    const handler = API_RESOURCE_HANDLERS.get(resource.Type)!;
    const result = await handler.ensure({ clients, stackName, logicalId, properties, log }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      throw new HarnessError(
        'API_RESOURCE_FAILED',
        `creating ${logicalId} (${resource.Type}) through its API failed: ${message}`,
        { cause: error },
      );
    });
    const first = !progress.isApiCreated(logicalId);
    this.inputs.set(logicalId, fingerprint);
    progress.apiResources.set(logicalId, { ...result, logicalId, type: resource.Type });
    progress.known.setRef(logicalId, 'api', result.ref);
    progress.known.setAttributes(logicalId, 'api', result.attributes);
    if (first) {
      progress.adaptations.push({ logicalId, type: resource.Type, action: 'created-via-api', detail: result.detail });
    }
    log.debug({ logicalId, type: resource.Type, reused: result.reused }, result.detail);
    return true;
  }
}
