import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireIntegerInRange } from './validate.ts';

/** Props of {@link AccessLogs}. */
export interface AccessLogsProps {
  /**
   * Days log objects are kept.
   * @default 90
   */
  readonly expirationDays?: number;
}

/**
 * One private bucket for the ALB, CloudFront and S3 server access logs, under a prefix each.
 * SSE-S3 because ALB log delivery cannot write to KMS-encrypted buckets; ACLs enabled
 * (bucket owner preferred) because CloudFront standard logging writes with ACLs.
 */
export class AccessLogs extends Construct {
  /** The log bucket. */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsProps = {}) {
    super(scope, id);
    const expirationDays = props.expirationDays ?? 90;
    requireIntegerInRange('AccessLogs', 'expirationDays', expirationDays, 1, 3650);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(expirationDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNagRules(this.bucket, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);
  }
}
