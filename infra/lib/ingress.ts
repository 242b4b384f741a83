import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireMatch } from './validate.ts';

/**
 * The body the ALB answers for a path no service owns: the problem+json shape the services use.
 * Sent as `application/json`: ALB fixed responses accept only text/plain, text/css, text/html,
 * application/javascript and application/json.
 */
export const NOT_FOUND_BODY = JSON.stringify({
  type: 'about:blank',
  title: 'Not Found',
  status: 404,
  code: 'ROUTE_NOT_FOUND',
});

/** Props of {@link Ingress}. */
export interface IngressProps {
  /** The VPC; the ALB goes into its public subnets. */
  readonly vpc: ec2.IVpc;
  /** ARN of the ACM certificate the HTTPS listener presents. */
  readonly certificateArn: string;
  /**
   * Bucket the ALB writes access logs to, under `alb/`.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Seconds an idle client connection stays open.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
}

/**
 * The internet-facing ALB: HTTPS on 443 (modern TLS policy) whose path rules the services
 * add, a fixed problem+json 404 for any other path, and HTTP on 80 that only redirects.
 */
export class Ingress extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener the services' rules hang off. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener (redirect only). */
  public readonly httpListener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    requireMatch(
      'Ingress',
      'certificateArn',
      props.certificateArn,
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[a-zA-Z0-9-]+$/,
      'an ACM certificate ARN',
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      idleTimeout: Duration.seconds(props.idleTimeoutSeconds ?? 60),
      dropInvalidHeaderFields: true,
    });
    if (props.accessLogsBucket) {
      this.loadBalancer.logAccessLogs(props.accessLogsBucket, 'alb');
    } else {
      acknowledgeNagRules(this.loadBalancer, [
        {
          id: 'AwsSolutions-ELB2',
          reason: 'Access logs switched off through the accessLogs prop (ephemeral environments).',
        },
      ]);
    }

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: NOT_FOUND_BODY,
      }),
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: true,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    acknowledgeNagRules(this.loadBalancer, [
      {
        id: 'AwsSolutions-EC23',
        reason:
          'The public API entry point: 443 (and 80, which only redirects) are open to the internet by design; services are reachable only through it.',
      },
    ]);
  }
}
