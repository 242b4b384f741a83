import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { HarnessError } from '../../core/harness-error.ts';
import { stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/** `AWS::S3::BucketPolicy` through PutBucketPolicy (idempotent: the policy is replaced). */
export const bucketPolicyHandler: ApiResourceHandler = {
  type: 'AWS::S3::BucketPolicy',
  async ensure(context) {
    const bucket = stringProp(context, 'Bucket');
    if (!bucket) throw new HarnessError('TEMPLATE_INVALID', `${context.logicalId}: Bucket is required`);
    await context.clients.s3.send(
      new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(context.properties.PolicyDocument) }),
    );
    return {
      ref: bucket,
      attributes: {},
      physicalId: bucket,
      reused: false,
      detail: `s3:PutBucketPolicy on ${bucket}`,
    };
  },
};
