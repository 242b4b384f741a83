import type { ApiResourceHandler } from './api-resource-handler.ts';
import { bucketPolicyHandler } from './bucket-policy-handler.ts';
import { distributionHandler, originAccessControlHandler } from './cloudfront-handlers.ts';
import { codeBuildProjectHandler } from './codebuild-project-handler.ts';
import { codePipelineHandler } from './codepipeline-handler.ts';
import { cacheSubnetGroupHandler, replicationGroupHandler } from './elasticache-handlers.ts';
import { mqBrokerHandler } from './mq-broker-handler.ts';
import { scalableTargetHandler, scalingPolicyHandler } from './scaling-handlers.ts';
import { secretHandler } from './secret-handler.ts';
import { secretTargetAttachmentHandler } from './secret-target-attachment-handler.ts';
import { securityGroupEgressHandler } from './security-group-egress-handler.ts';

/** Handlers for the types moto's CloudFormation skips, by CloudFormation type. */
export const API_RESOURCE_HANDLERS: ReadonlyMap<string, ApiResourceHandler> = new Map(
  [
    secretHandler,
    secretTargetAttachmentHandler,
    mqBrokerHandler,
    cacheSubnetGroupHandler,
    replicationGroupHandler,
    originAccessControlHandler,
    distributionHandler,
    bucketPolicyHandler,
    codeBuildProjectHandler,
    codePipelineHandler,
    scalableTargetHandler,
    scalingPolicyHandler,
    securityGroupEgressHandler,
  ].map((handler) => [handler.type, handler]),
);
