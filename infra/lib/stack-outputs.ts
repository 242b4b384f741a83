/**
 * Logical IDs of the stack outputs. They are a contract with the harness and with deploy
 * scripts (`aws cloudformation describe-stacks`): renaming one breaks them.
 */
export const STACK_OUTPUTS = {
  albDnsName: 'AlbDnsName',
  cloudFrontDomainName: 'CloudFrontDomainName',
  cloudFrontDistributionId: 'CloudFrontDistributionId',
  frontendBucketName: 'FrontendBucketName',
  clusterName: 'ClusterName',
  authTaskDefinitionFamily: 'AuthTaskDefinitionFamily',
  cashflowTaskDefinitionFamily: 'CashflowTaskDefinitionFamily',
  consolidatedTaskDefinitionFamily: 'ConsolidatedTaskDefinitionFamily',
  authServiceName: 'AuthServiceName',
  cashflowServiceName: 'CashflowServiceName',
  consolidatedServiceName: 'ConsolidatedServiceName',
  dbEndpointAddress: 'DbEndpointAddress',
  dbEndpointPort: 'DbEndpointPort',
  mqAmqpEndpoint: 'MqAmqpEndpoint',
  redisPrimaryEndpointAddress: 'RedisPrimaryEndpointAddress',
  redisPrimaryEndpointPort: 'RedisPrimaryEndpointPort',
  dbSecretArn: 'DbSecretArn',
  mqSecretArn: 'MqSecretArn',
  redisAuthTokenSecretArn: 'RedisAuthTokenSecretArn',
  jwtSigningKeySecretArn: 'JwtSigningKeySecretArn',
  demoPasswordSecretArn: 'DemoPasswordSecretArn',
  parameterPrefix: 'ParameterPrefix',
  pipelineName: 'PipelineName',
} as const;

/** The output for one service's task definition family / service name. */
export function serviceOutputIds(service: 'auth' | 'cashflow' | 'consolidated'): {
  taskDefinitionFamily: string;
  serviceName: string;
} {
  const pascal = service[0]!.toUpperCase() + service.slice(1);
  return { taskDefinitionFamily: `${pascal}TaskDefinitionFamily`, serviceName: `${pascal}ServiceName` };
}
