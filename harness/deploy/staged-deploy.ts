import { GetTemplateCommand, type Stack } from '@aws-sdk/client-cloudformation';
import type { Logger } from 'pino';
import { HarnessError } from '../core/harness-error.ts';
import type { Adaptation } from './adaptation.ts';
import { ApiRound, type ApiCreatedResource } from './api-round.ts';
import { computeStage } from './compute-stage.ts';
import { DeployProgress } from './deploy-progress.ts';
import { describeStack } from './describe-stack.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { KnownValues, type AccountFacts } from './known-values.ts';
import { listStackResources } from './list-stack-resources.ts';
import { lookUpMotoNames } from './look-up-moto-names.ts';
import type { TemplatePlan } from './plan-template.ts';
import { ReadBackPlan, readBackValues, userOutputsOf } from './read-back-plan.ts';
import { buildStageTemplate } from './stage-template.ts';
import { runStackOperation, type StackOperation } from './stack-operation.ts';
import type { CfnResource } from './template-types.ts';
import { ValueResolver } from './value-resolver.ts';

/** The outcome of a staged deploy. */
export interface StagedDeployResult {
  readonly stack: Stack;
  /** The stack's own outputs (the deployer's read-back outputs left out). */
  readonly outputs: Record<string, string>;
  readonly known: KnownValues;
  readonly apiResources: readonly ApiCreatedResource[];
  readonly adaptations: readonly Adaptation[];
  /** Each CreateStack/UpdateStack call of this deploy and the status it ended in. */
  readonly stackOperations: readonly StackOperation[];
  /** Resolves the `{{resolve:...}}` references inside a value against the emulator. */
  resolveFully(value: unknown): Promise<unknown>;
}

/** Options of {@link deployStaged}. */
export interface StagedDeployOptions {
  readonly facts: AccountFacts;
  readonly log: Logger;
  /** Deadline for each stack operation. */
  readonly stackTimeoutMs: number;
}

const MAX_ROUNDS = 12;

/**
 * Deploys a planned template in stages. Each round creates the API resources whose inputs are
 * known, then deploys (CreateStack/UpdateStack) every CloudFormation resource whose inputs are
 * known or deployed alongside, with API values substituted and read-back outputs added, until all
 * is deployed. The set of deployed resources only grows, so an update never deletes what a later
 * stage needs; on a redeploy the previous stack's read-back outputs make it one round.
 */
export async function deployStaged(
  clients: EmulatorClients,
  plan: TemplatePlan,
  options: StagedDeployOptions,
): Promise<StagedDeployResult> {
  const deploy = new StagedDeploy(clients, plan, options);
  await deploy.adoptExistingStack();
  let round = 1;
  while (!(await deploy.runRound(round))) round++;
  return deploy.result();
}

/** The state of one staged deploy and its steps, in the order {@link deployStaged} runs them. */
class StagedDeploy {
  private readonly progress: DeployProgress;
  private readonly resolver: ValueResolver;
  private readonly readBack: ReadBackPlan;
  private readonly apiRound: ApiRound;
  private readonly stackOperations: StackOperation[] = [];
  private previousBodies: Record<string, CfnResource> = {};
  private stack: Stack | undefined;
  private lastBody: string | undefined;

  constructor(
    private readonly clients: EmulatorClients,
    private readonly plan: TemplatePlan,
    private readonly options: StagedDeployOptions,
  ) {
    const known = new KnownValues(plan.template, options.facts);
    for (const [logicalId, values] of plan.removed) {
      if (values.ref !== undefined) known.setRef(logicalId, 'removed', values.ref);
      known.setAttributes(logicalId, 'removed', values.attributes);
    }
    this.progress = new DeployProgress(plan, known);
    this.resolver = new ValueResolver(clients, known);
    this.readBack = ReadBackPlan.of(plan);
    this.apiRound = new ApiRound({ clients, stackName: this.stackName, resolver: this.resolver, log: options.log });
  }

  private get stackName(): string {
    return this.options.facts.stackName;
  }

  /** On a redeploy, starts from what the stack holds: its read-back values, resources and bodies. */
  async adoptExistingStack(): Promise<void> {
    const { clients, stackName, progress } = this;
    const existing = await describeStack(clients, stackName);
    if (!existing) return;
    this.stack = existing;
    const previous = await clients.cloudFormation.send(new GetTemplateCommand({ StackName: stackName }));
    this.previousBodies =
      (JSON.parse(previous.TemplateBody ?? '{}') as { Resources?: Record<string, CfnResource> }).Resources ?? {};
    readBackValues(existing, progress.known);
    for (const { LogicalResourceId: logicalId } of await listStackResources(clients, stackName)) {
      if (logicalId && this.plan.cloudFormation.has(logicalId)) progress.deployed.add(logicalId);
    }
    await lookUpMotoNames(clients, progress, stackName);
    this.options.log.info({ stack: stackName, status: existing.StackStatus }, 'stack exists; redeploying as an update');
  }

  /** One round: the API resources that can be created, then one stack operation; true when all is deployed. */
  async runRound(round: number): Promise<boolean> {
    if (round > MAX_ROUNDS)
      throw new HarnessError('DEPLOY_FAILED', `deploy did not converge after ${MAX_ROUNDS} rounds`);
    const created = await this.apiRound.run(this.progress);
    const stage = computeStage(this.progress);
    const deployed = await this.deployStage(stage, round);
    if (created || deployed) return false;
    if (this.progress.allApiCreated() && stage.size === this.plan.cloudFormation.size) return true;
    throw this.stuck(stage);
  }

  /** Sends the stage to the emulator's CloudFormation unless nothing changed since the last operation. */
  private async deployStage(stage: ReadonlySet<string>, round: number): Promise<boolean> {
    const { clients, stackName, progress } = this;
    const template = await buildStageTemplate(stage, {
      progress,
      resolver: this.resolver,
      readBack: this.readBack,
      previousBodies: this.previousBodies,
    });
    const body = JSON.stringify(template);
    if (body === this.lastBody || Object.keys(template.Resources).length === 0) return false;
    this.options.log.info(
      { stack: stackName, round, resources: stage.size, of: this.plan.cloudFormation.size },
      'deploying stack stage',
    );
    const answer = await runStackOperation(clients, stackName, body, { timeoutMs: this.options.stackTimeoutMs });
    this.stackOperations.push({
      operation: answer.operation,
      status: answer.stack.StackStatus ?? 'UNKNOWN',
      resources: stage.size,
    });
    this.stack = answer.stack;
    this.lastBody = body;
    readBackValues(answer.stack, progress.known);
    for (const logicalId of stage) progress.deployed.add(logicalId);
    await lookUpMotoNames(clients, progress, stackName);
    return true;
  }

  /** Names what waits for what when a round changed nothing and the deploy is not complete. */
  private stuck(stage: ReadonlySet<string>): HarnessError {
    const { plan, progress } = this;
    const waiting = [...plan.api]
      .filter((logicalId) => !progress.isApiCreated(logicalId))
      .map((logicalId) => {
        const missing = progress
          .missingInputs(logicalId)
          .map((reference) => `${reference.logicalId}${reference.attribute ? `.${reference.attribute}` : ''}`);
        return missing.length > 0 ? `${logicalId} (needs ${[...new Set(missing)].join(', ')})` : logicalId;
      });
    const blocked = [...plan.cloudFormation].filter((logicalId) => !stage.has(logicalId));
    return new HarnessError(
      'DEPLOY_FAILED',
      `deploy is stuck: API resources waiting [${waiting.join(', ')}], CloudFormation resources blocked [${blocked.join(', ')}]`,
    );
  }

  result(): StagedDeployResult {
    const { stack, progress } = this;
    if (!stack) throw new HarnessError('TEMPLATE_UNSUPPORTED', 'the template has no resources the emulator can deploy');
    return {
      stack,
      outputs: userOutputsOf(stack),
      known: progress.known,
      apiResources: [...progress.apiResources.values()],
      adaptations: progress.adaptations,
      stackOperations: this.stackOperations,
      resolveFully: (value) => this.resolver.resolve(value, 'full'),
    };
  }
}
