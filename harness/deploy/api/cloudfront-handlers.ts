import {
  CreateDistributionCommand,
  CreateOriginAccessControlCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListOriginAccessControlsCommand,
  type DistributionConfig,
  type OriginAccessControlConfig,
} from '@aws-sdk/client-cloudfront';
import { HarnessError } from '../../core/harness-error.ts';
import { physicalName, type ApiResourceHandler } from './api-resource-handler.ts';

/** `AWS::CloudFront::OriginAccessControl` through CreateOriginAccessControl; found again by name. */
export const originAccessControlHandler: ApiResourceHandler = {
  type: 'AWS::CloudFront::OriginAccessControl',
  async ensure(context) {
    const { clients } = context;
    const config = { ...(context.properties.OriginAccessControlConfig as OriginAccessControlConfig) };
    config.Name ??= physicalName(context.stackName, context.logicalId, { maxLength: 64 });
    const listed = await clients.cloudFront.send(new ListOriginAccessControlsCommand({}));
    const found = listed.OriginAccessControlList?.Items?.find((item) => item.Name === config.Name);
    const id =
      found?.Id ??
      (await clients.cloudFront.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: config })))
        .OriginAccessControl?.Id;
    if (!id)
      throw new HarnessError(
        'EMULATOR_ANSWER_INVALID',
        `${context.logicalId}: CreateOriginAccessControl returned no id`,
      );
    return {
      ref: id,
      attributes: { Id: id },
      physicalId: id,
      reused: found !== undefined,
      detail: found
        ? `cloudfront:ListOriginAccessControls found ${config.Name}`
        : `cloudfront:CreateOriginAccessControl ${config.Name}`,
    };
  },
};

/**
 * `AWS::CloudFront::Distribution` through CreateDistribution. CloudFormation writes lists plainly
 * where the API wants `{Quantity, Items}`, so the config is converted; the distribution is found
 * again by its CallerReference (`<stack>-<logicalId>`).
 */
export const distributionHandler: ApiResourceHandler = {
  type: 'AWS::CloudFront::Distribution',
  async ensure(context) {
    const { clients } = context;
    const callerReference = physicalName(context.stackName, context.logicalId, { maxLength: 128 });
    const listed = await clients.cloudFront.send(new ListDistributionsCommand({}));
    let foundId: string | undefined;
    for (const item of listed.DistributionList?.Items ?? []) {
      const config = await clients.cloudFront.send(new GetDistributionConfigCommand({ Id: item.Id }));
      if (config.DistributionConfig?.CallerReference === callerReference) {
        foundId = item.Id;
        break;
      }
    }
    const id =
      foundId ??
      (
        await clients.cloudFront.send(
          new CreateDistributionCommand({
            DistributionConfig: toApiDistributionConfig(
              context.properties.DistributionConfig as Record<string, unknown>,
              callerReference,
            ),
          }),
        )
      ).Distribution?.Id;
    if (!id)
      throw new HarnessError('EMULATOR_ANSWER_INVALID', `${context.logicalId}: CreateDistribution returned no id`);
    const distribution = await clients.cloudFront.send(new GetDistributionCommand({ Id: id }));
    const domainName = distribution.Distribution?.DomainName;
    return {
      ref: id,
      attributes: { Id: id, DomainName: domainName },
      physicalId: id,
      arn: distribution.Distribution?.ARN,
      reused: foundId !== undefined,
      detail: foundId
        ? `cloudfront:ListDistributions found ${callerReference}`
        : `cloudfront:CreateDistribution ${domainName}`,
    };
  },
};

type Props = Record<string, unknown>;

function quantity<T>(items: T[] | undefined): { Quantity: number; Items: T[] } {
  return { Quantity: items?.length ?? 0, Items: items ?? [] };
}

function cacheBehavior(behavior: Props): Props {
  const allowed = behavior.AllowedMethods as string[] | undefined;
  const cached = behavior.CachedMethods as string[] | undefined;
  const { AllowedMethods: _a, CachedMethods: _c, FunctionAssociations, LambdaFunctionAssociations, ...rest } = behavior;
  return {
    ...rest,
    ...(allowed
      ? { AllowedMethods: { ...quantity(allowed), CachedMethods: quantity(cached ?? ['GET', 'HEAD']) } }
      : {}),
    FunctionAssociations: quantity(FunctionAssociations as Props[] | undefined),
    LambdaFunctionAssociations: quantity(LambdaFunctionAssociations as Props[] | undefined),
  };
}

function origin(value: Props): Props {
  const { CustomOriginConfig, OriginCustomHeaders, S3OriginConfig, ...rest } = value;
  const custom = CustomOriginConfig as Props | undefined;
  return {
    ...rest,
    OriginPath: rest.OriginPath ?? '',
    CustomHeaders: quantity(OriginCustomHeaders as Props[] | undefined),
    ...(S3OriginConfig ? { S3OriginConfig: { OriginAccessIdentity: '', ...(S3OriginConfig as Props) } } : {}),
    ...(custom
      ? {
          CustomOriginConfig: {
            HTTPPort: custom.HTTPPort ?? 80,
            HTTPSPort: custom.HTTPSPort ?? 443,
            OriginProtocolPolicy: custom.OriginProtocolPolicy,
            OriginSslProtocols: quantity((custom.OriginSSLProtocols as string[] | undefined) ?? ['TLSv1.2']),
            OriginReadTimeout: custom.OriginReadTimeout,
            OriginKeepaliveTimeout: custom.OriginKeepaliveTimeout,
          },
        }
      : {}),
  };
}

/** Converts CloudFormation's DistributionConfig to the CreateDistribution shape. */
function toApiDistributionConfig(config: Props, callerReference: string): DistributionConfig {
  const viewerCertificate = config.ViewerCertificate as Props | undefined;
  return {
    CallerReference: callerReference,
    Comment: (config.Comment as string | undefined) ?? '',
    Enabled: config.Enabled !== false && config.Enabled !== 'false',
    DefaultRootObject: config.DefaultRootObject as string | undefined,
    HttpVersion: config.HttpVersion as DistributionConfig['HttpVersion'],
    PriceClass: config.PriceClass as DistributionConfig['PriceClass'],
    IsIPV6Enabled: config.IPV6Enabled as boolean | undefined,
    WebACLId: config.WebACLId as string | undefined,
    Aliases: quantity(config.Aliases as string[] | undefined),
    Origins: quantity(
      ((config.Origins as Props[] | undefined) ?? []).map(origin),
    ) as unknown as DistributionConfig['Origins'],
    DefaultCacheBehavior: cacheBehavior(
      (config.DefaultCacheBehavior as Props | undefined) ?? {},
    ) as unknown as DistributionConfig['DefaultCacheBehavior'],
    CacheBehaviors: quantity(
      ((config.CacheBehaviors as Props[] | undefined) ?? []).map(cacheBehavior),
    ) as unknown as DistributionConfig['CacheBehaviors'],
    CustomErrorResponses: quantity(
      config.CustomErrorResponses as Props[] | undefined,
    ) as unknown as DistributionConfig['CustomErrorResponses'],
    ...(viewerCertificate
      ? {
          ViewerCertificate: {
            ACMCertificateArn: viewerCertificate.AcmCertificateArn as string | undefined,
            CloudFrontDefaultCertificate: viewerCertificate.CloudFrontDefaultCertificate as boolean | undefined,
            MinimumProtocolVersion: viewerCertificate.MinimumProtocolVersion as never,
            SSLSupportMethod: viewerCertificate.SslSupportMethod as never,
          },
        }
      : {}),
  };
}
