import type { AllowListEntry } from './allow-list-entry.ts';

/**
 * The accepted differences between the compose wiring and the AWS target: the one place where the
 * gate is told to look away, each with its reason. Accepted findings are still listed in every
 * report (as accepted), so nothing here is silent. Keep entries as narrow as the reason.
 */
export const PARITY_ALLOW_LIST: readonly AllowListEntry[] = [
  {
    code: 'SHAPE_DRIFT',
    subject: '*/desiredCount',
    reason:
      'compose runs one container per service; ECS runs at least two tasks (infra ApiService default) so that one AZ can fail',
  },
  {
    code: 'SHAPE_DRIFT',
    subject: '*/healthCheck.timing',
    reason:
      'ECS health check timings are tuned for Fargate start times and ALB draining; what must match is the probe command',
  },
  {
    code: 'CONFIG_DRIFT',
    subject: '*/JWT_KEY_ID',
    reason:
      'the id names the signing key of each environment (compose: its development key; AWS: the key in Secrets Manager, its id in SSM); each environment signs with its own key, so its id differs by design',
  },
  {
    code: 'CONFIG_DRIFT',
    subject: '*/TRUST_PROXY_HOPS',
    reason:
      "the number of proxies that append to X-Forwarded-For follows the topology: nginx alone in compose (1), CloudFront then the ALB on AWS (2); with the same value on both, the AWS services would take CloudFront's address for every viewer, or compose would trust an address the client wrote",
  },
  {
    code: 'ROUTE_MISSING',
    subject: '/healthz',
    check: 'routes',
    reason:
      "the compose frontend container's own health probe (its compose healthcheck); on AWS the distribution has no such path and ECS and the ALB probe each service's /health/ready",
  },
  {
    code: 'RESOURCE_MISSING',
    subject: 'AWS::CloudFront::Function/*',
    check: 'deploy-fidelity',
    reason:
      'moto has no CloudFront Functions API, so the deployer cannot create the function (its adaptation says so); the deploy record keeps its code and association, which the aws gateway runs and the routes check reads',
  },
  {
    code: 'RESOURCE_MISSING',
    subject: 'AWS::EC2::SubnetRouteTableAssociation/*',
    check: 'deploy-fidelity',
    reason:
      "moto's CloudFormation completes subnet route table associations without creating them; the harness runs no VPC routing (processes connect directly), so nothing local depends on them, and the finding stays in the report",
  },
];
