import type { Stack } from '@aws-sdk/client-cloudformation';
import { referencesIn } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import type { TemplatePlan } from './plan-template.ts';
import type { CfnOutput } from './template-types.ts';

/** Outputs the deployer adds to read CloudFormation-resolved values back; never shown to users. */
export const HARNESS_OUTPUT_PREFIX = 'Harness';

/** Resource types whose values the launch layer and the binder need read back, beyond what API resources use. */
const ALWAYS_READ: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Endpoint.Address', 'Endpoint.Port'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['DNSName'],
};
const READ_REF_TYPES = new Set(['AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::ECS::Cluster']);

/**
 * Which values of CloudFormation-created resources the deployer reads back through extra stack
 * outputs (moto gives no other way to see them): those API resources and the ECS resources refer
 * to, those a `{{resolve:...}}` is built from, the ECS resources' own `Ref`, and the endpoints
 * the launch layer needs. `undefined` stands for the `Ref`.
 */
export class ReadBackPlan {
  private constructor(private readonly wanted: ReadonlyMap<string, ReadonlySet<string | undefined>>) {}

  static of(plan: TemplatePlan): ReadBackPlan {
    const wanted = new Map<string, Set<string | undefined>>();
    const want = (logicalId: string, attribute?: string) => {
      if (!plan.cloudFormation.has(logicalId)) return;
      if (!wanted.has(logicalId)) wanted.set(logicalId, new Set());
      wanted.get(logicalId)!.add(attribute);
    };
    for (const [logicalId, resource] of Object.entries(plan.template.Resources)) {
      const interesting = plan.api.has(logicalId) || READ_REF_TYPES.has(resource.Type);
      for (const reference of referencesIn(resource.Properties ?? {})) {
        if (interesting || reference.hard) want(reference.logicalId, reference.attribute);
      }
      if (READ_REF_TYPES.has(resource.Type)) want(logicalId);
      for (const attribute of ALWAYS_READ[resource.Type] ?? []) want(logicalId, attribute);
    }
    return new ReadBackPlan(wanted);
  }

  /** The read-back outputs for the resources of one stage. */
  outputsFor(stage: ReadonlySet<string>): Record<string, CfnOutput> {
    const outputs: Record<string, CfnOutput> = {};
    for (const [logicalId, attributes] of this.wanted) {
      if (!stage.has(logicalId)) continue;
      for (const attribute of attributes) {
        outputs[readBackKey(logicalId, attribute)] = {
          Value: attribute === undefined ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute] },
          Description: JSON.stringify({ harnessReadBack: { logicalId, attribute } }),
        };
      }
    }
    return outputs;
  }
}

/** Records the stack's id and the values its read-back outputs carry. */
export function readBackValues(stack: Stack, known: KnownValues): void {
  known.setStackId(stack.StackId);
  for (const output of stack.Outputs ?? []) {
    if (!output.OutputKey?.startsWith(HARNESS_OUTPUT_PREFIX) || !output.Description) continue;
    const target = parseReadBack(output.Description);
    if (!target) continue;
    if (target.attribute === undefined) known.setRef(target.logicalId, 'cloudformation', output.OutputValue);
    else known.setAttributes(target.logicalId, 'cloudformation', { [target.attribute]: output.OutputValue });
  }
}

/** The stack's own outputs as a plain map, the read-back outputs left out. */
export function userOutputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries(
    (stack.Outputs ?? [])
      .map((output) => [output.OutputKey!, output.OutputValue ?? ''] as const)
      .filter(([key]) => !key.startsWith(HARNESS_OUTPUT_PREFIX)),
  );
}

function readBackKey(logicalId: string, attribute: string | undefined): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
  return `${HARNESS_OUTPUT_PREFIX}${attribute === undefined ? 'Ref' : 'Att'}${clean(logicalId)}${attribute ? clean(attribute) : ''}`;
}

function parseReadBack(description: string): { logicalId: string; attribute?: string } | undefined {
  try {
    const parsed = JSON.parse(description) as { harnessReadBack?: { logicalId: string; attribute?: string } };
    return parsed.harnessReadBack;
  } catch {
    return undefined;
  }
}
