import { substitute } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import type { CfnTemplate } from './template-types.ts';

/**
 * One CloudFront Function of the deployed template and where the distribution associates it. moto
 * has no CloudFront Functions API and drops `FunctionAssociations`, so the deploy records both; the
 * launch and the parity checks read this record, never the infra app's source.
 */
export interface RecordedCloudFrontFunction {
  readonly logicalId: string;
  /** The ARN the deploy gave it (synthesized when the emulator cannot create it). */
  readonly arn: string;
  readonly runtime?: string;
  /** `FunctionCode` exactly as deployed. */
  readonly code: string;
  readonly associations: readonly {
    /** The distribution's logical id. */
    readonly distribution: string;
    /** `default` for the default behaviour, else the cache behaviour's `PathPattern`. */
    readonly behaviour: string;
    readonly eventType: string;
  }[];
}

type Props = Record<string, unknown>;

/** The CloudFront Functions of `template` (the original, before adaptation) and their associations. */
export function recordCloudFrontFunctions(template: CfnTemplate, known: KnownValues): RecordedCloudFrontFunction[] {
  const lookup = known.fullLookup();
  const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudFront::Function');
  return functions.map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const arn = substitute({ 'Fn::GetAtt': [logicalId, 'FunctionARN'] }, lookup);
    const associations: RecordedCloudFrontFunction['associations'][number][] = [];
    for (const [distribution, candidate] of Object.entries(template.Resources)) {
      if (candidate.Type !== 'AWS::CloudFront::Distribution') continue;
      const config = (candidate.Properties?.DistributionConfig ?? {}) as {
        DefaultCacheBehavior?: Props;
        CacheBehaviors?: Props[];
      };
      const behaviours: [string, Props | undefined][] = [
        ['default', config.DefaultCacheBehavior],
        ...(config.CacheBehaviors ?? []).map((b): [string, Props] => [String(b.PathPattern), b]),
      ];
      for (const [behaviour, props] of behaviours) {
        for (const association of (props?.FunctionAssociations ?? []) as Props[]) {
          if (!refersTo(association.FunctionARN, logicalId)) continue;
          associations.push({ distribution, behaviour, eventType: String(association.EventType) });
        }
      }
    }
    const runtime = (props.FunctionConfig as { Runtime?: unknown } | undefined)?.Runtime;
    return {
      logicalId,
      arn: typeof arn === 'string' ? arn : logicalId,
      ...(typeof runtime === 'string' ? { runtime } : {}),
      code: String(substitute(props.FunctionCode, lookup)),
      associations,
    };
  });
}

function refersTo(value: unknown, logicalId: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  const node = value as { 'Fn::GetAtt'?: unknown; Ref?: unknown };
  if (Array.isArray(node['Fn::GetAtt'])) return node['Fn::GetAtt'][0] === logicalId;
  return node.Ref === logicalId;
}
