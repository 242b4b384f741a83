import type { BoundEndpoint, EndpointBinding } from './bind-endpoints.ts';
import type { DeployResult } from './deploy-stack.ts';

/**
 * What a deploy into the emulator leaves for the layers after it (the launch, the parity checks):
 * the deploy record, as written to `.harness/deploy.json`, plus the binding of its emulated
 * endpoints to the managed-flavour servers. The aws profile is built from this and from what the
 * emulator holds, never from the infra app's source.
 */
export interface DeployedStack extends DeployResult {
  /** Each emulated RDS, Amazon MQ and ElastiCache endpoint and the server that answers for it. */
  readonly bindings: readonly EndpointBinding[];
  /** {@link bindings} as a lookup: an emulated host (and port, when named) to the real server, else undefined. */
  readonly resolveBinding: (host: string, port: number | undefined) => BoundEndpoint | undefined;
  /** Where the deploy record was written. */
  readonly deployFile: string;
}
