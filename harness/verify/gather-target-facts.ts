import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { HarnessError } from '../core/harness-error.ts';
import type { RecordedCloudFrontFunction } from '../deploy/record-cloudfront-functions.ts';
import type { RecordedSecurityGroups } from '../deploy/record-security-groups.ts';
import { frontendTemplatePath, loadComposeFile } from '../launch/index.ts';
import { REPO_ROOT } from '../core/run-dir.ts';
import { readAwsRoutes } from './facts/aws-routes.ts';
import { readComposeRoutes } from './facts/compose-routes.ts';
import { readDeployFidelity, type FidelityRecord } from './facts/fidelity-facts.ts';
import { readNetworkFacts } from './facts/network-facts.ts';
import { readPerProcessLimits, readProcessCounts } from './facts/per-task-limit-facts.ts';
import { APP_SERVICE_NAMES } from './facts/compose-facts.ts';
import type { AwsServiceConfiguration } from './effective-configuration.ts';
import type { ServiceShape } from './service-shape.ts';
import type { TargetFacts } from './target-checks.ts';

/** What the deploy recorded (`.harness/deploy.json`) that the target checks read. */
export interface TargetDeployRecord extends FidelityRecord {
  readonly outputs: Readonly<Record<string, string>>;
  readonly cloudFrontFunctions: readonly RecordedCloudFrontFunction[];
  readonly securityGroups: RecordedSecurityGroups;
  readonly endpoints?: readonly { readonly kind: string; readonly port: number }[];
}

export interface TargetFactsSource {
  readonly clients: EmulatorClients;
  readonly record: TargetDeployRecord;
  readonly composeFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** The deployed services' shapes (container ports, desired counts), as the ECS facts read them. */
  readonly awsShapes: Readonly<Record<string, ServiceShape>>;
  /** The deployed containers' environment and secret names, as the ECS facts read them. */
  readonly awsConfiguration: Readonly<Record<string, AwsServiceConfiguration>>;
  /** The compose app services' shapes and interpolated environments, as the compose facts read them. */
  readonly compose: {
    readonly shapes: Readonly<Record<string, ServiceShape>>;
    readonly environment: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
}

/** The variable names each deployed container is given, through `environment` or `secrets`. */
function deployedVariables(
  configuration: Readonly<Record<string, AwsServiceConfiguration>>,
): Record<string, ReadonlySet<string>> {
  return Object.fromEntries(
    Object.entries(configuration).map(([service, c]) => [
      service,
      new Set([...Object.keys(c.environment), ...Object.keys(c.secrets)]),
    ]),
  );
}

/** The compose service whose nginx is the compose proxy (its template is the frontend image's). */
const COMPOSE_PROXY = 'frontend';

/** Gathers the facts of the target checks from docker-compose.yml, the emulator and the deploy record. */
export async function gatherTargetFacts(source: TargetFactsSource): Promise<TargetFacts> {
  // A record from before the deploy kept these would read as "no function, no group": false findings.
  const stale = (['cloudFrontFunctions', 'securityGroups'] as const).filter((key) => source.record[key] === undefined);
  if (stale.length > 0) {
    throw new HarnessError(
      'DEPLOY_MISSING',
      `the deploy record has no ${stale.join(' or ')}: an older deploy wrote it; run \`harness up\` again`,
    );
  }
  const project = await loadComposeFile(source.composeFile, source.env);
  const proxy = project.services[COMPOSE_PROXY];
  if (proxy === undefined) throw new Error(`${source.composeFile} has no ${COMPOSE_PROXY} service (the compose proxy)`);
  const containerPorts = Object.fromEntries(
    Object.entries(source.awsShapes).flatMap(([name, shape]) =>
      shape.containerPort === undefined ? [] : [[name, shape.containerPort]],
    ),
  );
  const [compose, aws, network, deployFidelity, limits, processes] = await Promise.all([
    // SPA_ROOT is where the image copies the build; the routes do not depend on it.
    readComposeRoutes(frontendTemplatePath(REPO_ROOT), { SPA_ROOT: '/usr/share/nginx/html', ...proxy.environment }),
    readAwsRoutes({
      clients: source.clients,
      outputs: source.record.outputs,
      containerPorts,
      functions: source.record.cloudFrontFunctions,
    }),
    readNetworkFacts({
      ec2: source.clients.ec2,
      compose: project,
      proxy: COMPOSE_PROXY,
      appServices: APP_SERVICE_NAMES,
      record: source.record,
      containerPorts,
    }),
    readDeployFidelity(source.clients, source.record),
    readPerProcessLimits(REPO_ROOT, source.compose.environment, deployedVariables(source.awsConfiguration)),
    readProcessCounts(source.clients.autoScaling, { compose: source.compose.shapes, aws: source.awsShapes }),
  ]);
  return { routes: { compose, aws }, network, deployFidelity, perTaskLimits: { limits, processes } };
}
