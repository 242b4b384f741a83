import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Delivery } from '../lib/delivery.ts';
import { logicalIdOf, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

interface Stage {
  Name: string;
  Actions: {
    Name: string;
    ActionTypeId: { Category: string; Provider: string };
    Configuration: Record<string, unknown>;
  }[];
}

function stagesOf(stack: Synthesized): Stage[] {
  return resourcesOfType(stack, 'AWS::CodePipeline::Pipeline')[0]![1].Properties.Stages as Stage[];
}

describe('Delivery', () => {
  let stack: Synthesized;
  let buildSpec: string;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    const project = resourcesOfType(stack, 'AWS::CodeBuild::Project')[0]![1];
    buildSpec = (project.Properties.Source as { BuildSpec: string }).BuildSpec;
  });

  it.each(['auth', 'cashflow', 'consolidated'])(
    'keeps %s images in a named, scanned ECR repository with a lifecycle rule',
    (name) => {
      // THEN
      stack.template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: `cashflow/${name}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('imageCountMoreThan') },
      });
    },
  );

  it('builds images in privileged mode', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ PrivilegedMode: true, Type: 'LINUX_CONTAINER' }),
    });
  });

  it('logs in to ECR, builds each service from the one services Dockerfile at the repository root and pushes it', () => {
    // THEN
    expect(buildSpec).toContain('docker login --username AWS --password-stdin');
    for (const [name, port] of [
      ['auth', 3001],
      ['cashflow', 3002],
      ['consolidated', 3003],
    ] as const) {
      const variable = `REPOSITORY_URI_${name.toUpperCase()}`;
      expect(buildSpec).toContain(
        `docker build -f services/Dockerfile --build-arg SERVICE=${name} --build-arg PORT=${port} -t \\"$${variable}:$IMAGE_TAG\\" .`,
      );
      expect(buildSpec).toContain(`docker push \\"$${variable}:$IMAGE_TAG\\"`);
      expect(buildSpec).toContain(`imagedefinitions-${name}.json`);
    }
    expect(buildSpec).toContain('> imagedefinitions.json');
  });

  it('writes an imagedefinitions file that names the container and the pushed image', () => {
    // THEN: run the generated printf line as the shell would, with sample values
    const line = (JSON.parse(buildSpec) as { phases: { build: { commands: string[] } } }).phases.build.commands.find(
      (c) => c.startsWith('printf') && c.includes('imagedefinitions-cashflow.json'),
    )!;
    const format = /^printf '([^']+)'/.exec(line)![1]!;
    const written = format
      .replace('%s', 'cashflow')
      .replace('%s', '1234.dkr.ecr.eu-west-1.amazonaws.com/cashflow/cashflow:abc');
    expect(JSON.parse(written)).toEqual([
      { name: 'cashflow', imageUri: '1234.dkr.ecr.eu-west-1.amazonaws.com/cashflow/cashflow:abc' },
    ]);
  });

  it('grants the build role push to every repository', () => {
    // THEN
    const role = (
      resourcesOfType(stack, 'AWS::CodeBuild::Project')[0]![1].Properties.ServiceRole as {
        'Fn::GetAtt': [string];
      }
    )['Fn::GetAtt'][0];
    const policy = resourcesOfType(stack, 'AWS::IAM::Policy').find(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    )!;
    const text = JSON.stringify(policy[1].Properties);
    expect(text).toContain('ecr:PutImage');
    expect(text).toContain('ecr:GetAuthorizationToken');
    for (const name of ['auth', 'cashflow', 'consolidated']) {
      expect(text).toContain(logicalIdOf(stack, 'AWS::ECR::Repository', `"cashflow/${name}"`));
    }
  });

  it('runs source -> build -> one ECS deploy per service', () => {
    // THEN
    const stages = stagesOf(stack);
    expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy']);
    expect(stages[0]!.Actions[0]!.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'S3' });
    expect(stages[1]!.Actions[0]!.ActionTypeId).toMatchObject({ Category: 'Build', Provider: 'CodeBuild' });
    expect(
      stages[2]!.Actions.map((a) => [a.ActionTypeId.Provider, a.Configuration.FileName, a.Configuration.ServiceName]),
    ).toEqual(
      ['auth', 'cashflow', 'consolidated'].map((name) => [
        'ECS',
        `imagedefinitions-${name}.json`,
        {
          'Fn::GetAtt': [
            expect.stringMatching(new RegExp(`^${name[0]!.toUpperCase()}${name.slice(1)}Service`)),
            'Name',
          ],
        },
      ]),
    );
  });

  it('follows a Git branch through a CodeStar connection when one is given', () => {
    // GIVEN / WHEN
    const git = synth({
      sourceConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abcd-1234',
      sourceRepository: 'acme/cashflow',
      sourceBranch: 'release',
    });
    // THEN
    const [source] = stagesOf(git)[0]!.Actions;
    expect(source!.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(source!.Configuration).toMatchObject({ FullRepositoryId: 'acme/cashflow', BranchName: 'release' });
    // no S3 source bucket: one fewer than the default stack
    expect(resourcesOfType(git, 'AWS::S3::Bucket')).toHaveLength(resourcesOfType(stack, 'AWS::S3::Bucket').length - 1);
  });

  it('requires sourceRepository with sourceConnectionArn', () => {
    // GIVEN / WHEN / THEN
    expect(() =>
      synth({ sourceConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abcd-1234' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: Delivery: prop 'sourceRepository' (owner/name) is required with 'sourceConnectionArn']`,
    );
  });

  it('rejects a service port that is no port', () => {
    // GIVEN
    const scope = new Stack(new App(), 'Scope', { env: { account: '123456789012', region: 'eu-west-1' } });
    const service = {
      name: 'auth',
      port: 70_000,
      repository: ecr.Repository.fromRepositoryName(scope, 'Repository', 'cashflow/auth'),
      service: ecs.BaseService.fromServiceArnWithCluster(
        scope,
        'Service',
        'arn:aws:ecs:eu-west-1:123456789012:service/cluster/auth',
      ),
    };
    // WHEN / THEN
    expect(() => new Delivery(scope, 'Delivery', { services: [service] })).toThrowErrorMatchingInlineSnapshot(
      `[Error: Delivery: prop 'services[auth].port' must be an integer from 1 to 65535, got 70000]`,
    );
  });
});
