import { BatchGetProjectsCommand, CreateProjectCommand, type CreateProjectInput } from '@aws-sdk/client-codebuild';
import { camelCaseKeys } from './camel-case-keys.ts';
import { physicalName, stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/** `AWS::CodeBuild::Project` through CreateProject; a project found by name is reused. */
export const codeBuildProjectHandler: ApiResourceHandler = {
  type: 'AWS::CodeBuild::Project',
  async ensure(context) {
    const { clients } = context;
    const name = stringProp(context, 'Name') ?? physicalName(context.stackName, context.logicalId, { maxLength: 150 });
    const { Tags: _tags, Triggers: _triggers, Visibility: _visibility, ...props } = context.properties;
    const input = { ...(camelCaseKeys(props, { BuildSpec: 'buildspec' }) as CreateProjectInput), name };
    // moto wants a location even where AWS takes none (pipeline-fed projects); say so in the detail.
    const placeholders: string[] = [];
    for (const part of [input.source, input.artifacts]) {
      if (part && part.type !== 'NO_ARTIFACTS' && part.type !== 'NO_SOURCE' && !part.location) {
        part.location = part.type;
        placeholders.push(`${part === input.source ? 'source' : 'artifacts'}.location=${part.type}`);
      }
    }
    const note = placeholders.length > 0 ? ` (moto needs ${placeholders.join(', ')})` : '';
    const existing = await clients.codeBuild.send(new BatchGetProjectsCommand({ names: [name] }));
    const found = existing.projects?.[0];
    // moto has no UpdateProject: a project found by name is kept as it is.
    const project = found ?? (await clients.codeBuild.send(new CreateProjectCommand(input))).project;
    return {
      ref: name,
      attributes: { Arn: project?.arn },
      physicalId: name,
      arn: project?.arn,
      reused: found !== undefined,
      detail: (found ? `codebuild:BatchGetProjects found ${name}` : `codebuild:CreateProject ${name}`) + note,
    };
  },
};
