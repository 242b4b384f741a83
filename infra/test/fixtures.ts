import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildAppProps } from '../lib/build-app.ts';

/** Props that synthesize a complete stack offline; tests override what they exercise. */
export const TEST_PROPS: BuildAppProps = {
  account: '123456789012',
  region: 'eu-west-1',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  imageTag: 'abc123',
  environmentName: 'test',
  demoUsername: 'demo',
};

/** A CloudFormation resource as it appears in the template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

/** A synthesized stack: the assertion `Template` and its raw JSON. */
export interface Synthesized {
  readonly template: Template;
  readonly resources: Readonly<Record<string, CfnResourceJson>>;
  readonly json: Record<string, unknown>;
}

/** Synthesizes a fresh app with {@link TEST_PROPS} plus `overrides`. */
export function synth(overrides: Partial<BuildAppProps> = {}): Synthesized {
  const { stack } = buildApp({ ...TEST_PROPS, ...overrides });
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  return { template, json, resources: json.Resources as Record<string, CfnResourceJson> };
}

/** The resources of one type, by logical id. */
export function resourcesOfType(synthesized: Synthesized, type: string): [string, CfnResourceJson][] {
  return Object.entries(synthesized.resources).filter(([, resource]) => resource.Type === type);
}

/** The logical id of the single resource of `type` whose properties contain `fragment` (JSON text). */
export function logicalIdOf(synthesized: Synthesized, type: string, fragment: string): string {
  const matches = resourcesOfType(synthesized, type).filter(([, r]) => JSON.stringify(r.Properties).includes(fragment));
  if (matches.length !== 1) throw new Error(`expected one ${type} containing ${fragment}, found ${matches.length}`);
  return matches[0]![0];
}

/** A container definition as in the template. */
export interface ContainerJson {
  readonly Name: string;
  readonly Environment: { Name: string; Value: unknown }[];
  readonly Secrets: { Name: string; ValueFrom: unknown }[];
  readonly [key: string]: unknown;
}

/** The single container of the task definition whose family ends with `-<service>`. */
export function containerOf(synthesized: Synthesized, service: string): ContainerJson {
  const task = resourcesOfType(synthesized, 'AWS::ECS::TaskDefinition').find(([, r]) =>
    String(r.Properties.Family).endsWith(`-${service}`),
  );
  if (!task) throw new Error(`no task definition for ${service}`);
  const containers = task[1].Properties.ContainerDefinitions as ContainerJson[];
  return containers[0]!;
}

/** `{ "Fn::GetAtt": [logicalId, "GroupId"] }`, how security groups reference each other. */
export function groupId(logicalId: string): unknown {
  return { 'Fn::GetAtt': [logicalId, 'GroupId'] };
}

/** The single resource of `type` as `[logicalId, resource]`; throws unless there is exactly one. */
export function onlyResource(synthesized: Synthesized, type: string): [string, CfnResourceJson] {
  const found = resourcesOfType(synthesized, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
