/** A CloudFormation template as CDK synthesizes it (JSON form). */
export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<string, CfnParameter>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

/** One template parameter. */
export interface CfnParameter {
  Type: string;
  Default?: unknown;
  Description?: string;
}

/** One template resource. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

/** One template output. */
export interface CfnOutput {
  Value: unknown;
  Description?: string;
  Export?: { Name: unknown };
  Condition?: string;
}

/** What a template reference points at: a resource (optionally one of its attributes) or a parameter. */
export interface TemplateReference {
  logicalId: string;
  /** The `Fn::GetAtt` attribute; absent for `Ref`. */
  attribute?: string;
  /** True when the value must be known before deploy (it sits next to a `{{resolve:...}}` the deployer resolves). */
  hard: boolean;
  /** True for a `DependsOn` entry: only the order matters, not a value. */
  orderOnly?: boolean;
}

/** Reads `DependsOn` as a list. */
export function dependsOnList(resource: CfnResource): string[] {
  if (resource.DependsOn === undefined) return [];
  return Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
}
