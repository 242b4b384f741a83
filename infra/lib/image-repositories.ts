import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { requireIntegerInRange, requireMatch } from './validate.ts';

/** Props of {@link ImageRepositories}. */
export interface ImageRepositoriesProps {
  /** The services that get a repository each, named `<repositoryPrefix>/<service>`. */
  readonly serviceNames: readonly string[];
  /** Prefix of the repository names (lowercase, e.g. `cashflow`). */
  readonly repositoryPrefix: string;
  /**
   * Images kept per repository; older ones expire.
   * @default 30
   */
  readonly maxImageCount?: number;
}

/** One ECR repository per service: explicit names, scan on push, a lifecycle rule. */
export class ImageRepositories extends Construct {
  /** The repositories by service name. */
  public readonly byService: ReadonlyMap<string, ecr.Repository>;

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    requireMatch(
      'ImageRepositories',
      'repositoryPrefix',
      props.repositoryPrefix,
      /^[a-z0-9]+([._-][a-z0-9]+)*$/,
      'lowercase letters, digits and . _ - separators',
    );
    const maxImageCount = props.maxImageCount ?? 30;
    requireIntegerInRange('ImageRepositories', 'maxImageCount', maxImageCount, 1, 10000);

    const byService = new Map<string, ecr.Repository>();
    for (const serviceName of props.serviceNames) {
      byService.set(
        serviceName,
        new ecr.Repository(this, serviceName, {
          repositoryName: `${props.repositoryPrefix}/${serviceName}`,
          imageScanOnPush: true,
          encryption: ecr.RepositoryEncryption.AES_256,
          // Mutable so the `latest` default tag can move; the pipeline deploys immutable git-sha tags.
          imageTagMutability: ecr.TagMutability.MUTABLE,
          lifecycleRules: [{ description: `keep the last ${maxImageCount} images`, maxImageCount }],
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
    }
    this.byService = byService;
  }
}
