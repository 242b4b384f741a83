import { awsErrorName } from '../../aws/index.ts';
import { CreatePipelineCommand, GetPipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { camelCaseKeys } from './camel-case-keys.ts';
import { physicalName, stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/** `AWS::CodePipeline::Pipeline` through CreatePipeline; a pipeline found by name is reused. */
export const codePipelineHandler: ApiResourceHandler = {
  type: 'AWS::CodePipeline::Pipeline',
  async ensure(context) {
    const { clients } = context;
    const name = stringProp(context, 'Name') ?? physicalName(context.stackName, context.logicalId, { maxLength: 100 });
    const {
      Tags: _tags,
      RestartExecutionOnUpdate: _restart,
      DisableInboundStageTransitions: _disabled,
      Triggers: _triggers,
      ...props
    } = context.properties;
    const pipeline = { ...(camelCaseKeys(props) as PipelineDeclaration), name };
    // The API takes action configuration as a string map; CloudFormation allows booleans and numbers.
    for (const stage of pipeline.stages ?? []) {
      for (const action of stage.actions ?? []) {
        if (action.configuration) {
          action.configuration = Object.fromEntries(
            Object.entries(action.configuration).map(([key, value]) => [
              key,
              typeof value === 'string' ? value : JSON.stringify(value),
            ]),
          );
        }
      }
    }
    const exists = await clients.codePipeline.send(new GetPipelineCommand({ name })).then(
      () => true,
      (error: unknown) => {
        if (awsErrorName(error) === 'PipelineNotFoundException') return false;
        // moto answers 200 with timestamps the SDK cannot parse: the pipeline is there all the same.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 200) return true;
        throw error;
      },
    );
    // A pipeline found by name is kept as it is (moto's UpdatePipeline answer does not parse either).
    if (!exists) await clients.codePipeline.send(new CreatePipelineCommand({ pipeline }));
    const arn = `arn:aws:codepipeline:${clients.target.region}:${clients.target.accountId}:${name}`;
    return {
      ref: name,
      attributes: {},
      physicalId: name,
      arn,
      reused: exists,
      detail: exists ? `codepipeline:GetPipeline found ${name}` : `codepipeline:CreatePipeline ${name}`,
    };
  },
};
