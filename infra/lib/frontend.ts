import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireMatch } from './validate.ts';

/**
 * Viewer-request code of the default (bucket) behaviour: a path whose last segment has no
 * file extension is a client-side route and gets `/index.html`. Done here rather than with
 * 403/404 error responses because those are distribution-wide and would turn the API's own
 * 404 answers under `/api/*` into the SPA page.
 */
export const SPA_FALLBACK_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** The path pattern CloudFront sends to the ALB. */
export const API_PATH_PATTERN = '/api/*';

/** Props of {@link Frontend}. */
export interface FrontendProps {
  /**
   * Host name CloudFront connects to for `/api/*`, over HTTPS. It must be covered by the ALB's
   * certificate (CloudFront verifies the origin certificate against it), so for a real deploy it
   * is the DNS name on the certificate, pointed at the ALB.
   */
  readonly apiDomainName: string;
  /**
   * Bucket for CloudFront and S3 server access logs (prefixes `cloudfront/`, `s3/frontend/`).
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Edge locations served.
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * ARN of a global WAFv2 web ACL to attach.
   * @default - no web ACL
   */
  readonly webAclArn?: string;
}

/**
 * The SPA: a private bucket read by CloudFront through Origin Access Control, a distribution
 * whose default behaviour serves the bucket with an SPA fallback function, and `/api/*`
 * forwarded uncached to the ALB.
 */
export class Frontend extends Construct {
  /** Where the built SPA is uploaded. */
  public readonly bucket: s3.Bucket;
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The SPA fallback function of the default behaviour. */
  public readonly spaFallback: cloudfront.Function;

  constructor(scope: Construct, id: string, props: FrontendProps) {
    super(scope, id);
    requireMatch(
      'Frontend',
      'apiDomainName',
      props.apiDomainName,
      /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$/,
      'a DNS name',
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsBucket ? 's3/frontend/' : undefined,
    });

    this.spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Client-side routes get /index.html',
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'cashflow SPA and API',
      defaultRootObject: 'index.html',
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      enableLogging: props.accessLogsBucket !== undefined,
      logBucket: props.accessLogsBucket,
      logFilePrefix: props.accessLogsBucket ? 'cloudfront/' : undefined,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        functionAssociations: [{ function: this.spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          origin: new origins.HttpOrigin(props.apiDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Not the Host header: CloudFront checks the ALB certificate against the host it sends.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    const suppressions = [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A merchant tool with no country restriction requirement.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Served on the default *.cloudfront.net certificate, which pins the viewer policy; a custom domain with TLSv1.2_2021 is a later step.',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason: 'No web ACL given through the webAclArn prop; the API enforces JWTs and rate limits.',
            },
          ]),
      ...(props.accessLogsBucket
        ? []
        : [
            {
              id: 'AwsSolutions-CFR3',
              reason: 'Access logs switched off through the accessLogs prop (ephemeral environments).',
            },
          ]),
    ];
    acknowledgeNagRules(this.distribution, suppressions);
    if (!props.accessLogsBucket) {
      acknowledgeNagRules(this.bucket, [
        {
          id: 'AwsSolutions-S1',
          reason: 'Access logs switched off through the accessLogs prop (ephemeral environments).',
        },
      ]);
    }
  }
}
