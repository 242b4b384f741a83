import { Duration, RemovalPolicy, Stack, Token, type CfnElement } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireIntegerInRange, requireMatch } from './validate.ts';

/** One service the pipeline builds and deploys. */
export interface DeliveredService {
  /** Service name: container name and the `SERVICE` build argument of `services/Dockerfile`. */
  readonly name: string;
  /** The port it listens on by default: the `PORT` build argument, which the image's health check probes. */
  readonly port: number;
  /** Where its image is pushed. */
  readonly repository: ecr.IRepository;
  /** The ECS service the deploy action updates. */
  readonly service: ecs.IBaseService;
}

/** Props of {@link Delivery}. */
export interface DeliveryProps {
  /**
   * The services, built from the repository root with
   * `docker build -f services/Dockerfile --build-arg SERVICE=<name> --build-arg PORT=<port> .`.
   */
  readonly services: readonly DeliveredService[];
  /**
   * ARN of a CodeStar (CodeConnections) connection to the Git host. When set, the pipeline
   * starts on pushes to `sourceBranch` of `sourceRepository`; otherwise it reads a zip from
   * a versioned S3 bucket it creates.
   * @default - S3 source
   */
  readonly sourceConnectionArn?: string;
  /**
   * `owner/name` of the Git repository; required with `sourceConnectionArn`.
   * @default - none
   */
  readonly sourceRepository?: string;
  /**
   * Branch the pipeline follows.
   * @default 'main'
   */
  readonly sourceBranch?: string;
  /**
   * Object key of the source zip in the S3 source bucket.
   * @default 'source.zip'
   */
  readonly sourceObjectKey?: string;
}

/** Builds one `imagedefinitions-<svc>.json` per service and one `imagedefinitions.json` with all. */
function buildSpecCommands(
  services: readonly { name: string; port: number; repositoryUriVariable: string }[],
): string[] {
  const commands: string[] = [];
  for (const { name, port, repositoryUriVariable } of services) {
    const image = `"$${repositoryUriVariable}:$IMAGE_TAG"`;
    commands.push(
      `docker build -f services/Dockerfile --build-arg SERVICE=${name} --build-arg PORT=${port} -t ${image} .`,
      `docker push ${image}`,
      `printf '[{"name":"%s","imageUri":"%s"}]' ${name} ${image} > imagedefinitions-${name}.json`,
    );
  }
  const all = services.map(
    ({ name, repositoryUriVariable }) => `{"name":"${name}","imageUri":"$${repositoryUriVariable}:$IMAGE_TAG"}`,
  );
  commands.push(`echo "[${all.join(',').replaceAll('"', '\\"')}]" > imagedefinitions.json`);
  return commands;
}

/**
 * CI/CD: a CodeBuild project that builds and pushes the three images, and a pipeline
 * source -> build -> one ECS deploy action per service.
 */
export class Delivery extends Construct {
  /** The image build project. */
  public readonly project: codebuild.PipelineProject;
  /** The pipeline. */
  public readonly pipeline: codepipeline.Pipeline;
  /** The S3 source bucket, when no connection is used. */
  public readonly sourceBucket?: s3.Bucket;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const branch = props.sourceBranch ?? 'main';
    requireMatch('Delivery', 'sourceBranch', branch, /^[^\s~^:?*[\\]+$/, 'a Git branch name');
    if (props.sourceConnectionArn !== undefined) {
      requireMatch(
        'Delivery',
        'sourceConnectionArn',
        props.sourceConnectionArn,
        /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[a-zA-Z0-9-]+$/,
        'a CodeStar connection ARN',
      );
      if (props.sourceRepository === undefined) {
        throw new Error("Delivery: prop 'sourceRepository' (owner/name) is required with 'sourceConnectionArn'");
      }
      requireMatch('Delivery', 'sourceRepository', props.sourceRepository, /^[\w.-]+\/[\w.-]+$/, 'owner/name');
    }
    for (const service of props.services) {
      requireIntegerInRange('Delivery', `services[${service.name}].port`, service.port, 1, 65535);
    }
    const sourceObjectKey = props.sourceObjectKey ?? 'source.zip';
    requireMatch('Delivery', 'sourceObjectKey', sourceObjectKey, /^[\w./-]+\.zip$/, 'an S3 key ending in .zip');

    const serviceVariables = props.services.map((s) => ({
      ...s,
      repositoryUriVariable: `REPOSITORY_URI_${s.name.toUpperCase().replaceAll('-', '_')}`,
    }));
    const stack = Stack.of(this);
    const registry = `${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}`;

    this.project = new codebuild.PipelineProject(this, 'ImageBuild', {
      description: 'Builds and pushes the cashflow service images',
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        // docker build needs the Docker daemon inside the build container.
        privileged: true,
      },
      timeout: Duration.minutes(30),
      environmentVariables: {
        ECR_REGISTRY: { value: registry },
        ...Object.fromEntries(
          serviceVariables.map((s) => [s.repositoryUriVariable, { value: s.repository.repositoryUri }]),
        ),
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          pre_build: {
            commands: [
              'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$ECR_REGISTRY"',
              // The commit (or S3 object version) the build runs on, made a valid image tag.
              'IMAGE_TAG="$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | tr -cd "A-Za-z0-9" | cut -c1-12)"',
              'IMAGE_TAG="${IMAGE_TAG:-build-$CODEBUILD_BUILD_NUMBER}"',
              'echo "Image tag: $IMAGE_TAG"',
            ],
          },
          build: { commands: buildSpecCommands(serviceVariables) },
        },
        artifacts: {
          files: ['imagedefinitions.json', ...props.services.map((s) => `imagedefinitions-${s.name}.json`)],
        },
      }),
    });
    for (const { repository } of props.services) repository.grantPullPush(this.project);

    const sourceOutput = new codepipeline.Artifact('Source');
    const buildOutput = new codepipeline.Artifact('Images');
    let sourceAction: codepipeline.IAction;
    if (props.sourceConnectionArn !== undefined && props.sourceRepository !== undefined) {
      const [owner, repo] = props.sourceRepository.split('/') as [string, string];
      sourceAction = new actions.CodeStarConnectionsSourceAction({
        actionName: 'Source',
        connectionArn: props.sourceConnectionArn,
        owner,
        repo,
        branch,
        output: sourceOutput,
        triggerOnPush: true,
      });
    } else {
      this.sourceBucket = new s3.Bucket(this, 'SourceBucket', {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeNagRules(this.sourceBucket, [
        {
          id: 'AwsSolutions-S1',
          reason: 'Holds only source zips uploaded by CI; object versions are the audit trail.',
        },
      ]);
      sourceAction = new actions.S3SourceAction({
        actionName: 'Source',
        bucket: this.sourceBucket,
        bucketKey: sourceObjectKey,
        output: sourceOutput,
        // EVENTS would need a CloudTrail trail on the bucket; polling needs nothing else.
        trigger: actions.S3Trigger.POLL,
      });
    }

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
      stages: [
        { stageName: 'Source', actions: [sourceAction] },
        {
          stageName: 'Build',
          actions: [
            new actions.CodeBuildAction({
              actionName: 'BuildImages',
              project: this.project,
              input: sourceOutput,
              outputs: [buildOutput],
            }),
          ],
        },
        {
          stageName: 'Deploy',
          actions: props.services.map(
            (s) =>
              new actions.EcsDeployAction({
                actionName: `Deploy-${s.name}`,
                service: s.service,
                imageFile: buildOutput.atPath(`imagedefinitions-${s.name}.json`),
                deploymentTimeout: Duration.minutes(30),
              }),
          ),
        },
      ],
    });

    acknowledgeNagRules(this.project, [
      { id: 'AwsSolutions-CB3', reason: 'Privileged mode is what lets the build run docker build for the images.' },
      {
        id: 'AwsSolutions-CB4',
        reason:
          'Build output holds only image references; encrypted with the AWS managed S3 key of the artifact bucket.',
      },
    ]);
    const projectId = stack.resolve((this.project.node.defaultChild as CfnElement).logicalId) as string;
    const artifactBucketId = stack.resolve(
      (this.pipeline.artifactBucket.node.defaultChild as CfnElement).logicalId,
    ) as string;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const generatedGrants =
      "Grants generated by CDK for CodeBuild and the pipeline actions, scoped to this pipeline's artifact bucket, build project and ECS services.";
    acknowledgeNagRules(this, [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "ecr:GetAuthorizationToken and the ECS deploy action's ecs:Describe*/RegisterTaskDefinition have no resource-level scope.",
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: generatedGrants,
      })),
      { id: `AwsSolutions-IAM5[Resource::<${artifactBucketId}.Arn>/*]`, reason: generatedGrants },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/<${projectId}>:*]`,
        reason: "CodeBuild creates one log stream per build under the project's log group.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/<${projectId}>-*]`,
        reason: 'CodeBuild report groups are named after the project at run time.',
      },
    ]);
    acknowledgeNagRules(this.pipeline.artifactBucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'Pipeline artifacts are transient; the pipeline execution history is the audit trail.',
      },
    ]);
  }
}
