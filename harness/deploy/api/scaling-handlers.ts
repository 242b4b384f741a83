import {
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  type PutScalingPolicyRequest,
  type RegisterScalableTargetRequest,
} from '@aws-sdk/client-application-auto-scaling';
import { stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/**
 * `AWS::ApplicationAutoScaling::ScalableTarget` through RegisterScalableTarget (idempotent).
 * `Ref` is `<ResourceId>|<ScalableDimension>|<ServiceNamespace>`, as CloudFormation gives it.
 */
export const scalableTargetHandler: ApiResourceHandler = {
  type: 'AWS::ApplicationAutoScaling::ScalableTarget',
  async ensure(context) {
    const props = context.properties;
    const input: RegisterScalableTargetRequest = {
      ServiceNamespace: stringProp(context, 'ServiceNamespace') as RegisterScalableTargetRequest['ServiceNamespace'],
      ResourceId: stringProp(context, 'ResourceId'),
      ScalableDimension: stringProp(context, 'ScalableDimension') as RegisterScalableTargetRequest['ScalableDimension'],
      MinCapacity: Number(props.MinCapacity),
      MaxCapacity: Number(props.MaxCapacity),
      RoleARN: stringProp(context, 'RoleARN'),
    };
    const answer = await context.clients.autoScaling.send(new RegisterScalableTargetCommand(input));
    const ref = `${input.ResourceId}|${input.ScalableDimension}|${input.ServiceNamespace}`;
    return {
      ref,
      attributes: {},
      physicalId: ref,
      arn: answer.ScalableTargetARN,
      reused: false,
      detail: `application-autoscaling:RegisterScalableTarget ${input.ResourceId} ${input.MinCapacity}-${input.MaxCapacity}`,
    };
  },
};

/** `AWS::ApplicationAutoScaling::ScalingPolicy` through PutScalingPolicy (idempotent by name). */
export const scalingPolicyHandler: ApiResourceHandler = {
  type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
  async ensure(context) {
    const props = context.properties;
    const targetId = stringProp(context, 'ScalingTargetId');
    const [resourceId, dimension, namespace] = targetId
      ? targetId.split('|')
      : [
          stringProp(context, 'ResourceId'),
          stringProp(context, 'ScalableDimension'),
          stringProp(context, 'ServiceNamespace'),
        ];
    const input: PutScalingPolicyRequest = {
      PolicyName: stringProp(context, 'PolicyName'),
      PolicyType: stringProp(context, 'PolicyType') as PutScalingPolicyRequest['PolicyType'],
      ResourceId: resourceId,
      ScalableDimension: dimension as PutScalingPolicyRequest['ScalableDimension'],
      ServiceNamespace: namespace as PutScalingPolicyRequest['ServiceNamespace'],
      TargetTrackingScalingPolicyConfiguration: numbersIn(
        props.TargetTrackingScalingPolicyConfiguration,
      ) as PutScalingPolicyRequest['TargetTrackingScalingPolicyConfiguration'],
      StepScalingPolicyConfiguration: numbersIn(
        props.StepScalingPolicyConfiguration,
      ) as PutScalingPolicyRequest['StepScalingPolicyConfiguration'],
    };
    const answer = await context.clients.autoScaling.send(new PutScalingPolicyCommand(input));
    return {
      ref: answer.PolicyARN ?? String(input.PolicyName),
      attributes: { Arn: answer.PolicyARN },
      physicalId: String(input.PolicyName),
      arn: answer.PolicyARN,
      reused: false,
      detail: `application-autoscaling:PutScalingPolicy ${input.PolicyName} (${input.PolicyType})`,
    };
  },
};

/** CloudFormation may carry numbers as strings; the API wants numbers. */
function numbersIn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numbersIn);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      typeof item === 'string' && /^-?\d+(\.\d+)?$/.test(item) && !key.endsWith('Type')
        ? Number(item)
        : numbersIn(item),
    ]),
  );
}
