import type { CustomErrorResponse, DistributionConfig } from '@aws-sdk/client-cloudfront';
import { DescribeLoadBalancersCommand, type Rule, type TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EmulatorClients } from '../../aws/emulator-clients.ts';
import { requireStackOutput, STACK_OUTPUTS } from '../../aws/stack-outputs.ts';
import type { RecordedCloudFrontFunction } from '../../deploy/record-cloudfront-functions.ts';
import { isBucketOrigin, readAwsRouting, rulePathPatterns, viewerRequestDirectives } from '../../launch/index.ts';
import type { AwsRoutes, RouteTarget } from '../routes.ts';

export interface AwsRoutesSource {
  readonly clients: Pick<EmulatorClients, 'elbv2' | 'cloudFront'>;
  readonly outputs: Readonly<Record<string, string>>;
  /** Each service's container port, as its deployed task definition maps it: a target group's port names its service. */
  readonly containerPorts: Readonly<Record<string, number>>;
  /** The functions the deploy recorded (moto keeps neither their code nor their associations). */
  readonly functions: readonly RecordedCloudFrontFunction[];
}

/** The deployed gateway's routes, read back from the emulator's ELBv2 and CloudFront APIs and the deploy record. */
export async function readAwsRoutes(source: AwsRoutesSource): Promise<AwsRoutes> {
  const dnsName = requireStackOutput(source.outputs, STACK_OUTPUTS.albDnsName);
  const { LoadBalancers: balancers = [] } = await source.clients.elbv2.send(new DescribeLoadBalancersCommand({}));
  const balancer = balancers.find((lb) => lb.DNSName === dnsName);
  if (balancer?.LoadBalancerArn === undefined) throw new Error(`no load balancer named ${dnsName} in the emulator`);
  const routing = await readAwsRouting(source.clients, {
    loadBalancerArn: balancer.LoadBalancerArn,
    distributionId: requireStackOutput(source.outputs, STACK_OUTPUTS.cloudFrontDistributionId),
  });
  const { distribution } = routing;
  const origins = new Map((distribution.Origins?.Items ?? []).map((o) => [o.Id, o]));
  const originOf = (id: string | undefined): 'bucket' | 'alb' => {
    const origin = origins.get(id);
    return origin !== undefined && isBucketOrigin(origin) ? 'bucket' : 'alb';
  };
  return {
    behaviours: (distribution.CacheBehaviors?.Items ?? []).map((b) => ({
      pathPattern: b.PathPattern ?? '*',
      origin: originOf(b.TargetOriginId),
    })),
    defaultOrigin: originOf(distribution.DefaultCacheBehavior?.TargetOriginId),
    listenerRules: routing.listenerRules.map((rule) => ({
      priority: rule.IsDefault === true || rule.Priority === 'default' ? 'default' : Number(rule.Priority),
      pathPatterns: rule.IsDefault === true ? [] : rulePathPatterns(rule),
      target: ruleTarget(rule, routing.targetGroups, source.containerPorts),
    })),
    spaFallback: spaFallback(distribution, source.functions),
  };
}

function ruleTarget(rule: Rule, groups: readonly TargetGroup[], ports: Readonly<Record<string, number>>): RouteTarget {
  const action = [...(rule.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).at(-1);
  if (action?.Type === 'fixed-response') {
    return { kind: 'fixed', status: Number(action.FixedResponseConfig?.StatusCode ?? 200) };
  }
  if (action?.Type === 'redirect') {
    return { kind: 'redirect', status: action.RedirectConfig?.StatusCode === 'HTTP_301' ? 301 : 302 };
  }
  const arn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
  const port = groups.find((g) => g.TargetGroupArn === arn)?.Port;
  const service = Object.entries(ports).find(([, p]) => p === port)?.[0];
  return { kind: 'service', service: service ?? `target group ${arn ?? '(none)'} on port ${port ?? '?'}` };
}

/**
 * What gives client-side routes index.html on the distribution: a viewer-request function of the
 * default behaviour whose code does exactly the SPA rewrite (run in a sandbox, as the aws gateway
 * runs it), or an error response that answers 403/404 with /index.html. Associations the emulator
 * dropped are taken from the deploy record.
 */
export function spaFallback(
  distribution: DistributionConfig,
  functions: readonly RecordedCloudFrontFunction[],
): string | null {
  const live = (distribution.DefaultCacheBehavior?.FunctionAssociations?.Items ?? []).flatMap((a) =>
    a.EventType === 'viewer-request' && a.FunctionARN !== undefined ? [a.FunctionARN] : [],
  );
  const recorded = functions
    .filter((f) => f.associations.some((a) => a.behaviour === 'default' && a.eventType === 'viewer-request'))
    .map((f) => f.arn);
  for (const arn of live.length > 0 ? live : recorded) {
    const code = functions.find((f) => f.arn === arn)?.code;
    if (code === undefined) continue;
    const name = arn.split('/').pop() ?? arn;
    try {
      viewerRequestDirectives(code, name);
      return `viewer-request function ${name}`;
    } catch {
      // Not the SPA rewrite: another function, or one nginx cannot reproduce; look further.
    }
  }
  const errorPage = (distribution.CustomErrorResponses?.Items ?? []).find(
    (r: CustomErrorResponse) =>
      (r.ErrorCode === 403 || r.ErrorCode === 404) && /index\.html$/.test(r.ResponsePagePath ?? ''),
  );
  return errorPage === undefined
    ? null
    : `error response ${errorPage.ErrorCode} -> ${errorPage.ResponsePagePath} (${errorPage.ResponseCode ?? errorPage.ErrorCode})`;
}
