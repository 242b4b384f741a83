import type { CfnResource, CfnTemplate } from '../../deploy/template-types.ts';

/** An ECS container definition as the synthesized template writes it. */
export interface TemplateContainer {
  Name: string;
  PortMappings?: { ContainerPort: number; Name?: string; Protocol?: string }[];
  HealthCheck?: { Command: string[]; Interval?: number; Retries?: number; StartPeriod?: number; Timeout?: number };
  Command?: string[];
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
}

function resources(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource of `type` matching `where`; throws naming what was looked for, so a defect never silently does nothing. */
export function resourceOf(
  template: CfnTemplate,
  type: string,
  where: (properties: Record<string, unknown>, logicalId: string) => boolean = () => true,
): { logicalId: string; properties: Record<string, unknown> } {
  const found = resources(template, type).filter(([id, resource]) => where(resource.Properties ?? {}, id));
  if (found.length !== 1) throw new Error(`expected one ${type} to edit, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  resource.Properties ??= {};
  return { logicalId, properties: resource.Properties };
}

/** Removes the one resource of `type` matching `where`. */
export function removeResource(
  template: CfnTemplate,
  type: string,
  where: (properties: Record<string, unknown>, logicalId: string) => boolean,
): void {
  delete template.Resources[resourceOf(template, type, where).logicalId];
}

/** The container of `service` in its task definition. */
export function containerOf(template: CfnTemplate, service: string): TemplateContainer {
  for (const [, resource] of resources(template, 'AWS::ECS::TaskDefinition')) {
    const containers = (resource.Properties?.ContainerDefinitions ?? []) as TemplateContainer[];
    const container = containers.find((candidate) => candidate.Name === service);
    if (container) return container;
  }
  throw new Error(`no task definition has a container named ${service}`);
}

/** The `secrets[]` entry `name` of `service`'s container. */
export function secretOf(template: CfnTemplate, service: string, name: string): { Name: string; ValueFrom: unknown } {
  const entry = containerOf(template, service).Secrets?.find((secret) => secret.Name === name);
  if (!entry) throw new Error(`${service} has no secret ${name}`);
  return entry;
}

/** The `environment[]` entry `name` of `service`'s container. */
export function environmentOf(template: CfnTemplate, service: string, name: string): { Name: string; Value: unknown } {
  const entry = containerOf(template, service).Environment?.find((variable) => variable.Name === name);
  if (!entry) throw new Error(`${service} has no environment variable ${name}`);
  return entry;
}

/** Takes `name` out of `service`'s `secrets[]` or `environment[]`. */
export function removeVariable(template: CfnTemplate, service: string, name: string): void {
  const container = containerOf(template, service);
  const before = (container.Secrets?.length ?? 0) + (container.Environment?.length ?? 0);
  container.Secrets = container.Secrets?.filter((secret) => secret.Name !== name);
  container.Environment = container.Environment?.filter((variable) => variable.Name !== name);
  if ((container.Secrets?.length ?? 0) + (container.Environment?.length ?? 0) === before) {
    throw new Error(`${service} has no variable ${name} to remove`);
  }
}

/** The SSM parameter that holds the setting `name` (`/cashflow/<env>/<name>`). */
export function settingParameter(template: CfnTemplate, name: string): Record<string, unknown> {
  return resourceOf(
    template,
    'AWS::SSM::Parameter',
    (properties) => typeof properties.Name === 'string' && properties.Name.endsWith(`/${name}`),
  ).properties;
}

/** The ECS service whose task definition runs `service`'s container. */
export function ecsServiceOf(template: CfnTemplate, service: string): Record<string, unknown> {
  const [taskDefinition] =
    resources(template, 'AWS::ECS::TaskDefinition').find(([, resource]) =>
      ((resource.Properties?.ContainerDefinitions ?? []) as TemplateContainer[]).some(
        (container) => container.Name === service,
      ),
    ) ?? [];
  if (taskDefinition === undefined) throw new Error(`no task definition runs ${service}`);
  return resourceOf(
    template,
    'AWS::ECS::Service',
    (properties) => JSON.stringify(properties.TaskDefinition) === JSON.stringify({ Ref: taskDefinition }),
  ).properties;
}
