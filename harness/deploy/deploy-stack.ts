import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { harnessHome } from '../core/run-dir.ts';
import { logFor } from '../core/logger.ts';
import { formatAdaptationTable, type Adaptation } from './adaptation.ts';
import { propsForEmulator, readCdkContext, type ContextOverride } from './cdk-context.ts';
import { parseDynamicReference } from '../aws/secret-reference.ts';
import { createEmulatorClients, destroyEmulatorClients, type EmulatorClients } from '../aws/emulator-clients.ts';
import { importCertificate, localhostCertificate, type CertificateMaterial } from './import-certificate.ts';
import { substitute } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import { planTemplate, type TemplatePlan } from './plan-template.ts';
import { recordCloudFrontFunctions, type RecordedCloudFrontFunction } from './record-cloudfront-functions.ts';
import { recordSecurityGroups, type RecordedSecurityGroups } from './record-security-groups.ts';
import { reRegisterTaskDefinitions, type ReRegisteredTaskDefinition } from './reregister-task-definitions.ts';
import { listStackResources } from './list-stack-resources.ts';
import { deployStaged } from './staged-deploy.ts';
import type { StackOperation } from './stack-operation.ts';
import { DEFAULT_STACK_NAME, synthesizeTemplate } from './synthesize.ts';
import type { CfnTemplate } from './template-types.ts';

/** Options of {@link deployStack}. */
export interface DeployOptions {
  /** The emulator endpoint, e.g. `http://127.0.0.1:5000`. */
  readonly endpoint: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' (moto's account) */
  readonly accountId?: string;
  /** @default the context's `stackName`, else 'Cashflow' (the infra app's default) */
  readonly stackName?: string;
  /** @default `<region>a`, `<region>b` */
  readonly availabilityZones?: readonly string[];
  /** The ALB certificate to import into ACM. @default - a `localhost` certificate from a throwaway CA */
  readonly certificate?: CertificateMaterial;
  /**
   * The CDK context the infra app is synthesized from, as `cdk deploy` would read it.
   * @default `infra/cdk.json`'s context (over `infra/cdk.context.json`)
   */
  readonly context?: Readonly<Record<string, unknown>>;
  /**
   * Context values the emulator needs changed (e.g. `demoUsername`), each with its reason; every
   * one that changes the context's value is recorded as an adaptation. Account, region, stack name,
   * AZs and the certificate are always the emulator's.
   */
  readonly contextOverrides?: Readonly<Record<string, ContextOverride>>;
  /**
   * Deploy this template instead of synthesizing the infra app (fixtures, other apps); a function
   * gets the imported certificate's ARN and the AZs.
   */
  readonly template?: CfnTemplate | ((target: TemplateTarget) => CfnTemplate);
  /** Where the deploy document is written; `false` to not write one. @default `.harness/deploy.json` */
  readonly outputFile?: string | false;
  /** Deadline of each stack operation. @default 60000 */
  readonly stackTimeoutMs?: number;
  readonly log?: Logger;
}

/** What a template built by the caller may need to know. */
export interface TemplateTarget {
  readonly certificateArn: string;
  readonly availabilityZones: readonly string[];
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
}

/** An emulated managed endpoint (RDS, Amazon MQ, ElastiCache) and where its credentials live. */
export interface EmulatedEndpoint {
  readonly kind: 'rds' | 'mq' | 'elasticache';
  readonly logicalId: string;
  /**
   * The engine version the deploy asked for, kept for ElastiCache only: moto's replication groups
   * have no cache clusters, so no API describes their version afterwards (RDS and MQ describe theirs).
   */
  readonly engineVersion?: string;
  readonly host: string;
  readonly port: number;
  /** The endpoint as the service names it (`amqps://...:5671` for MQ). */
  readonly url?: string;
  /** Which secret (and JSON keys) hold the login; a literal username when the template has one. */
  readonly credentials: {
    readonly secretId?: string;
    readonly usernameKey?: string;
    readonly passwordKey?: string;
    readonly username?: string;
  };
}

/** One resource of the template and where it ended up. */
export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly via: 'cloudformation' | 'api' | 'removed';
  readonly physicalId?: string;
  readonly arn?: string;
}

/** What a deploy produced; also written to `.harness/deploy.json` (no secret values in it). */
export interface DeployResult {
  readonly schemaVersion: 1;
  readonly stackName: string;
  readonly stackId: string;
  readonly status: string;
  readonly emulator: { readonly endpoint: string; readonly region: string; readonly accountId: string };
  readonly availabilityZones: readonly string[];
  readonly certificateArn: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly adaptations: readonly Adaptation[];
  readonly resources: readonly DeployedResource[];
  readonly taskDefinitions: readonly ReRegisteredTaskDefinition[];
  readonly endpoints: readonly EmulatedEndpoint[];
  /** The template's CloudFront Functions, code and associations: the emulator keeps neither. */
  readonly cloudFrontFunctions: readonly RecordedCloudFrontFunction[];
  /** The template's security groups, rules and members: the emulator loses egress rules and members. */
  readonly securityGroups: RecordedSecurityGroups;
  /** The CreateStack/UpdateStack calls, in order, with the status each ended in. */
  readonly stackOperations: readonly StackOperation[];
  readonly timingsMs: { readonly synthesize: number; readonly deploy: number; readonly total: number };
  readonly deployedAt: string;
}

/** The default location of the deploy document. */
export function deployFilePath(home: string = harnessHome()): string {
  return join(home, 'deploy.json');
}

/**
 * Synthesizes the infra app, adapts its template for moto, deploys it (CreateStack or
 * UpdateStack, API-created resources for what moto skips, task definitions re-registered),
 * and writes `.harness/deploy.json`. Redeploying an unchanged app is an update that changes nothing.
 */
export async function deployStack(options: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const log = options.log ?? logFor('deploy');
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const context = options.context ?? readCdkContext();
  const stackName = options.stackName ?? (context.stackName as string | undefined) ?? DEFAULT_STACK_NAME;
  const availabilityZones = options.availabilityZones ?? [`${region}a`, `${region}b`];
  const clients = createEmulatorClients({ endpoint: options.endpoint, region, accountId });
  try {
    const certificateArn = await importCertificate(
      clients,
      stackName,
      options.certificate ?? (await localhostCertificate()),
    );
    const synthStarted = Date.now();
    const target = { certificateArn, availabilityZones, accountId, region, stackName };
    const contextAdaptations: Adaptation[] = [];
    const synthesize = () => {
      const synthesized = synthesizeForEmulator(target, { context, contextOverrides: options.contextOverrides });
      contextAdaptations.push(...synthesized.adaptations);
      return synthesized.template;
    };
    const template =
      typeof options.template === 'function' ? options.template(target) : (options.template ?? synthesize());
    const synthesizeMs = Date.now() - synthStarted;

    const deployStarted = Date.now();
    const plan = planTemplate(template, { stackName, region, accountId, availabilityZones });
    const staged = await deployStaged(clients, plan, {
      facts: { stackName, region, accountId, availabilityZones },
      log,
      stackTimeoutMs: options.stackTimeoutMs ?? 60_000,
    });
    const reRegistered = await reRegisterTaskDefinitions(
      clients,
      plan.template,
      staged.known,
      log,
      staged.resolveFully,
    );
    const adaptations = [
      ...contextAdaptations,
      ...plan.adaptations,
      ...staged.adaptations,
      ...reRegistered.adaptations,
    ];
    const resources = await listResources(clients, stackName, plan, template, staged);
    const result: DeployResult = {
      schemaVersion: 1,
      stackName,
      stackId: staged.stack.StackId ?? stackName,
      status: staged.stack.StackStatus ?? 'UNKNOWN',
      emulator: { endpoint: options.endpoint, region, accountId },
      availabilityZones,
      certificateArn,
      outputs: staged.outputs,
      adaptations,
      resources,
      taskDefinitions: reRegistered.taskDefinitions,
      endpoints: emulatedEndpoints(plan.template, staged.known),
      cloudFrontFunctions: recordCloudFrontFunctions(template, staged.known),
      securityGroups: recordSecurityGroups(template, staged.known),
      stackOperations: staged.stackOperations,
      timingsMs: { synthesize: synthesizeMs, deploy: Date.now() - deployStarted, total: Date.now() - started },
      deployedAt: new Date().toISOString(),
    };
    log.info(
      { stack: stackName, status: result.status, adaptations: adaptations.length, ms: result.timingsMs.total },
      `deployed into the emulator; adaptations:\n${formatAdaptationTable(adaptations)}`,
    );
    if (options.outputFile !== false) {
      const file = options.outputFile ?? deployFilePath();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    }
    return result;
  } finally {
    destroyEmulatorClients(clients);
  }
}

/**
 * The infra app's template for `target`, synthesized from the CDK context (`infra/cdk.json` unless
 * given) with the emulator's overrides, and the adaptations those overrides are.
 */
export function synthesizeForEmulator(
  target: TemplateTarget,
  options: Pick<DeployOptions, 'context' | 'contextOverrides'> = {},
): { template: CfnTemplate; adaptations: Adaptation[] } {
  const context = options.context ?? readCdkContext();
  const { props, adaptations } = propsForEmulator(context, emulatorOverrides(target, options.contextOverrides));
  const template = synthesizeTemplate({
    ...props,
    availabilityZones: target.availabilityZones,
    certificateArn: target.certificateArn,
  }).template;
  return { template, adaptations };
}

/**
 * What the emulator needs instead of the context's values: the emulator's account, region and
 * zones, the certificate imported into its ACM, the stack name asked for, then the caller's own.
 */
function emulatorOverrides(
  target: TemplateTarget,
  extra: Readonly<Record<string, ContextOverride>> = {},
): Record<string, ContextOverride> {
  return {
    account: { value: target.accountId, reason: "the emulator's account" },
    region: { value: target.region, reason: "the emulator's region" },
    stackName: { value: target.stackName, reason: 'the stack the harness deploys and reads back' },
    availabilityZones: { value: target.availabilityZones, reason: "the emulator's zones (synthesis does no lookup)" },
    certificateArn: {
      value: target.certificateArn,
      reason: "the run CA's certificate, imported into the emulated ACM",
    },
    ...extra,
  };
}

async function listResources(
  clients: EmulatorClients,
  stackName: string,
  plan: TemplatePlan,
  original: CfnTemplate,
  staged: { apiResources: readonly { logicalId: string; physicalId: string; arn?: string }[] },
): Promise<DeployedResource[]> {
  const physical = new Map<string, string>();
  for (const summary of await listStackResources(clients, stackName)) {
    if (summary.LogicalResourceId && summary.PhysicalResourceId)
      physical.set(summary.LogicalResourceId, summary.PhysicalResourceId);
  }
  const api = new Map(staged.apiResources.map((resource) => [resource.logicalId, resource]));
  return Object.entries(original.Resources).map(([logicalId, resource]) => {
    const created = api.get(logicalId);
    if (created)
      return { logicalId, type: resource.Type, via: 'api', physicalId: created.physicalId, arn: created.arn };
    if (!(logicalId in plan.template.Resources)) {
      // A removed resource with a stand-in (a CloudFront Function's synthesized ARN) keeps it here.
      const standIn = plan.removed.get(logicalId)?.ref;
      return { logicalId, type: resource.Type, via: 'removed', arn: standIn?.startsWith('arn:') ? standIn : undefined };
    }
    const id = physical.get(logicalId);
    return {
      logicalId,
      type: resource.Type,
      via: 'cloudformation',
      physicalId: id,
      arn: id?.startsWith('arn:') ? id : undefined,
    };
  });
}

/** Reads which secret a credential property points at, without resolving it. */
function credentialSource(value: unknown, known: KnownValues): { secretId?: string; key?: string; literal?: string } {
  const text = substitute(value, known.fullLookup());
  if (typeof text !== 'string') return {};
  const match = /^\{\{resolve:secretsmanager:.+\}\}$/.exec(text);
  if (!match) return { literal: text };
  const parsed = parseDynamicReference(text);
  return parsed.service === 'secretsmanager' ? { secretId: parsed.secretId, key: parsed.jsonKey } : {};
}

/** Where a user/password pair lives: one secret (the password's, else the user's) and its keys. */
function loginSource(username: unknown, password: unknown, known: KnownValues): EmulatedEndpoint['credentials'] {
  const user = credentialSource(username, known);
  const secret = credentialSource(password, known);
  return {
    secretId: secret.secretId ?? user.secretId,
    usernameKey: user.key,
    passwordKey: secret.key,
    username: user.literal,
  };
}

function emulatedEndpoints(template: CfnTemplate, known: KnownValues): EmulatedEndpoint[] {
  const endpoints: EmulatedEndpoint[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const values = known.get(logicalId);
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::RDS::DBInstance' && values?.attributes['Endpoint.Address']) {
      endpoints.push({
        kind: 'rds',
        logicalId,
        host: String(values.attributes['Endpoint.Address']),
        port: Number(values.attributes['Endpoint.Port'] ?? 5432),
        credentials: loginSource(props.MasterUsername, props.MasterUserPassword, known),
      });
    }
    if (resource.Type === 'AWS::AmazonMQ::Broker') {
      const url = (values?.attributes.AmqpEndpoints as string[] | undefined)?.[0];
      if (!url) continue;
      const parsed = new URL(url);
      const first = (props.Users as Record<string, unknown>[] | undefined)?.[0] ?? {};
      endpoints.push({
        kind: 'mq',
        logicalId,
        host: parsed.hostname,
        port: Number(parsed.port || 5671),
        url,
        credentials: loginSource(first.Username, first.Password, known),
      });
    }
    if (resource.Type === 'AWS::ElastiCache::ReplicationGroup' && values?.attributes['PrimaryEndPoint.Address']) {
      const token = credentialSource(props.AuthToken, known);
      endpoints.push({
        kind: 'elasticache',
        logicalId,
        ...(typeof props.EngineVersion === 'string' ? { engineVersion: props.EngineVersion } : {}),
        host: String(values.attributes['PrimaryEndPoint.Address']),
        port: Number(values.attributes['PrimaryEndPoint.Port'] ?? 6379),
        credentials: { secretId: token.secretId, passwordKey: token.key },
      });
    }
  }
  return endpoints;
}
