import { readFileSync } from 'node:fs';
import { createEmulatorClients, destroyEmulatorClients } from '../aws/emulator-clients.ts';
import { resolveContainerEnvironment } from '../launch/index.ts';
import type { StackDocument } from '../stack/stack-document.ts';
import { classifyConfigurationKey } from './configuration-key-rules.ts';
import { readAwsFacts, type RecordedTaskDefinition } from './facts/aws-facts.ts';
import { readComposeFacts } from './facts/compose-facts.ts';
import { readStandInVersions, readTargetEngineVersions, serverVersionPairs } from './facts/server-version-facts.ts';
import type { AwsServiceConfiguration } from './effective-configuration.ts';
import type { StaticFacts } from './static-checks.ts';
import { gatherTargetFacts, type TargetDeployRecord } from './gather-target-facts.ts';
import type { TargetFacts } from './target-checks.ts';
import type { NamedSecret } from './secret-hygiene/secret-forms.ts';

/** What the deploy recorded (`.harness/deploy.json`), as far as the gate reads it. */
interface DeployRecord extends TargetDeployRecord {
  readonly taskDefinitions: readonly RecordedTaskDefinition[];
  readonly adaptations: readonly { logicalId: string; type: string; action: string; detail: string }[];
  readonly emulator?: { readonly accountId?: string };
  readonly endpoints?: readonly { readonly kind: string; readonly port: number; readonly engineVersion?: string }[];
}

/**
 * The target's engine versions as the emulator describes them; where it describes none (moto's
 * ElastiCache replication groups have no clusters), the version the deploy recorded asking for.
 */
function withRecordedVersions(described: Record<string, string>, record: DeployRecord): Record<string, string> {
  const recorded = record.endpoints?.find((endpoint) => endpoint.kind === 'elasticache')?.engineVersion;
  if (described.redis !== undefined || recorded === undefined) return described;
  return { ...described, redis: `${recorded} (as deployed; the emulator describes no cache cluster)` };
}

export interface ParityFacts {
  readonly staticFacts: StaticFacts;
  readonly targetFacts: TargetFacts;
  readonly adaptations: DeployRecord['adaptations'];
  /** Every secret value of both profiles, so that no finding, log line or report carries one. */
  readonly secrets: readonly string[];
  /** The same secrets with the names reports may print instead of them (the secret-hygiene check). */
  readonly namedSecrets: readonly NamedSecret[];
}

export interface GatherOptions {
  readonly document: StackDocument;
  /** A deploy record other than the stack's own (the self-test's seeded copies). @default the document's `profiles.aws.deploy.deployFile` */
  readonly deployRecordFile?: string;
  readonly composeFile: string;
  /** The environment docker-compose.yml is interpolated with (as `docker compose` would be run). */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Collects what the checks compare: docker-compose.yml on one side; on the other, only what the
 * deploy left in the emulator (task definitions, services, secrets, engines) and what it recorded.
 */
export async function gatherParityFacts(options: GatherOptions): Promise<ParityFacts> {
  const { document } = options;
  const aws = document.profiles.aws;
  if (aws?.emulator === undefined) throw new Error('the stack document has no aws profile with an emulator');
  const deployRecordFile = options.deployRecordFile ?? aws.deploy?.deployFile;
  if (deployRecordFile === undefined)
    throw new Error('the stack document names no deploy record (profiles.aws.deploy)');
  let record: DeployRecord;
  try {
    record = JSON.parse(readFileSync(deployRecordFile, 'utf8')) as DeployRecord;
  } catch (error) {
    throw new Error(`cannot read the deploy record ${deployRecordFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const clients = createEmulatorClients({
    endpoint: aws.emulator.endpoint,
    region: aws.emulator.region,
    accountId: record.emulator?.accountId ?? '123456789012',
  });
  try {
    const resolveSecret = async (valueFrom: string) =>
      (await resolveContainerEnvironment({ name: 'verify', secrets: [{ name: 'VALUE', valueFrom }] }, clients))
        .environment.VALUE!;
    const [compose, deployed, standIn, target] = await Promise.all([
      readComposeFacts(options.composeFile, options.env),
      readAwsFacts({ ecs: clients.ecs, taskDefinitions: record.taskDefinitions, resolveSecret }),
      readStandInVersions({
        postgres: { uri: aws.backing.postgres.uri },
        rabbitmq: {
          managementUri: aws.backing.rabbitmq.managementUri,
          username: aws.backing.rabbitmq.username ?? '',
          password: aws.backing.rabbitmq.password ?? '',
        },
        redis: {
          host: aws.backing.redis.host,
          port: aws.backing.redis.port,
          authToken: aws.backing.redis.authToken ?? '',
        },
        caFile: document.caFile ?? aws.backing.postgres.caFile ?? '',
      }),
      readTargetEngineVersions({ rds: clients.rds, mq: clients.mq, elasticache: clients.elastiCache }),
    ]);
    const targetFacts = await gatherTargetFacts({
      clients,
      record,
      composeFile: options.composeFile,
      env: options.env,
      awsShapes: deployed.shapes,
      awsConfiguration: deployed.configuration,
      compose,
    });
    const namedSecrets = knownSecrets(document, compose.environment, deployed.configuration);
    const secrets = namedSecrets.map((secret) => secret.value);
    return {
      staticFacts: {
        configuration: { compose: compose.environment, aws: deployed.configuration },
        configurationOptions: { knownSecrets: secrets, defaults: SERVICE_DEFAULTS },
        shapes: { compose: compose.shapes, aws: deployed.shapes },
        versions: serverVersionPairs(standIn, withRecordedVersions(target, record)),
      },
      targetFacts,
      adaptations: record.adaptations ?? [],
      secrets,
      namedSecrets,
    };
  } finally {
    destroyEmulatorClients(clients);
  }
}

/**
 * Values a service uses when a setting is unset (docs/configuration.md): a setting one side leaves
 * to the service's default is compared as that default, not reported as missing.
 */
const SERVICE_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  auth: { JWT_TTL_SECONDS: '900', AUTH_RATE_LIMIT_PER_MINUTE: '30', TRUST_PROXY_HOPS: '1' },
  cashflow: { TRUST_PROXY_HOPS: '1' },
  consolidated: { TRUST_PROXY_HOPS: '1' },
};

/** Shorter values are words (`app`, `guest`), not generated secrets; masking them would blank whole reports. */
const MIN_SECRET_LENGTH = 8;

/**
 * The secret values of a run: the managed servers' generated credentials, every secret-class value
 * the aws tasks resolve, the demo logins, and compose's secret-class values. The compose servers'
 * passwords (`postgres`, `guest`) are public defaults written in docker-compose.yml, not secrets.
 */
function knownSecrets(
  document: StackDocument,
  compose: Readonly<Record<string, Readonly<Record<string, string>>>>,
  aws: Readonly<Record<string, AwsServiceConfiguration>>,
): NamedSecret[] {
  // The first name a value is found under is the one reports show.
  const secrets = new Map<string, string>();
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && !secrets.has(value)) secrets.set(value, name);
  };
  const managed = document.profiles.aws?.backing;
  for (const [kind, server] of Object.entries(managed ?? {})) add(`aws ${kind} password`, server.password);
  add('aws redis auth token', managed?.redis.authToken);
  for (const [profile, entry] of Object.entries(document.profiles)) {
    add(`${profile} demo password`, (entry?.gateway as { password?: string } | undefined)?.password);
  }
  for (const [service, configuration] of Object.entries(aws)) {
    for (const [key, entry] of Object.entries(configuration.secrets)) {
      if (entry.value && classifyConfigurationKey(key).kind === 'secret') add(`aws/${service}/${key}`, entry.value);
    }
  }
  for (const [service, environment] of Object.entries(compose)) {
    for (const [key, value] of Object.entries(environment)) {
      if (classifyConfigurationKey(key).kind === 'secret') add(`compose/${service}/${key}`, value);
    }
  }
  return [...secrets].map(([value, name]) => ({ name, value }));
}
