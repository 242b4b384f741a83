import {
  GetDistributionConfigCommand,
  type CloudFrontClient,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { HarnessError } from '../../core/harness-error.ts';

/** The deployed routing, as the emulator reports it. */
export interface AwsRouting {
  /** The listener that serves traffic: HTTPS when there is one (HTTP then only redirects). */
  readonly listener: Listener;
  readonly listenerRules: readonly Rule[];
  readonly targetGroups: readonly TargetGroup[];
  readonly distribution: DistributionConfig;
}

/** Reads the ALB's listeners, rules and target groups and the distribution's config through the AWS APIs. */
export async function readAwsRouting(
  clients: { readonly elbv2: ElasticLoadBalancingV2Client; readonly cloudFront: CloudFrontClient },
  ids: { readonly loadBalancerArn: string; readonly distributionId: string },
): Promise<AwsRouting> {
  const { Listeners: listeners = [] } = await clients.elbv2.send(
    new DescribeListenersCommand({ LoadBalancerArn: ids.loadBalancerArn }),
  );
  const listener =
    listeners.find((l) => l.Protocol === 'HTTPS') ?? listeners.find((l) => l.Protocol === 'HTTP') ?? listeners[0];
  if (listener === undefined)
    throw new HarnessError('DEPLOYED_RESOURCE_MISSING', `load balancer ${ids.loadBalancerArn} has no listener`);
  const { Rules: listenerRules = [] } = await clients.elbv2.send(
    new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }),
  );
  const { TargetGroups: targetGroups = [] } = await clients.elbv2.send(
    new DescribeTargetGroupsCommand({ LoadBalancerArn: ids.loadBalancerArn }),
  );
  const { DistributionConfig: distribution } = await clients.cloudFront.send(
    new GetDistributionConfigCommand({ Id: ids.distributionId }),
  );
  if (distribution === undefined)
    throw new HarnessError('DEPLOYED_RESOURCE_MISSING', `distribution ${ids.distributionId} has no config`);
  return { listener, listenerRules, targetGroups, distribution };
}
