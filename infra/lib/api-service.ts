import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireIntegerInRange, requireMatch, requireOrdered } from './validate.ts';

/** Props of {@link ApiService}. */
export interface ApiServiceProps {
  /** The cluster the service runs in; its VPC is used for the security group. */
  readonly cluster: ecs.ICluster;
  /** The private subnets the tasks are placed in (no public IPs). */
  readonly subnets: ec2.SubnetSelection;
  /** Service name: also the container name, the log stream prefix and the `/api/<name>/` route. */
  readonly serviceName: string;
  /** Task definition family (the name the pipeline and the harness look the task definition up by). */
  readonly family: string;
  /** The ECR repository the image comes from. */
  readonly repository: ecr.IRepository;
  /** The image tag the task definition pins (the pipeline replaces it with the built one). */
  readonly imageTag: string;
  /** The port the service listens on; passed to it as `PORT`. */
  readonly containerPort: number;
  /**
   * Fargate CPU units.
   * @default 512
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB (must fit the CPU size, see the Fargate table).
   * @default 1024
   */
  readonly memoryLimitMiB?: number;
  /**
   * Tasks at first deploy; auto scaling moves it between `minCapacity` and `maxCapacity` afterwards.
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * Fewest tasks auto scaling keeps.
   * @default 2
   */
  readonly minCapacity?: number;
  /**
   * Most tasks auto scaling starts.
   * @default 6
   */
  readonly maxCapacity?: number;
  /**
   * Average CPU utilisation (%) auto scaling holds the service at.
   * @default 60
   */
  readonly cpuTargetPercent?: number;
  /**
   * Average memory utilisation (%) auto scaling holds the service at.
   * @default 70
   */
  readonly memoryTargetPercent?: number;
  /**
   * Non-secret variables. `PORT` is set from `containerPort`.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Variables resolved from Secrets Manager / SSM by ECS at task start. A name may not also be in `environment`.
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, ecs.Secret>>;
  /** The HTTPS listener the service's path rule is added to. */
  readonly listener: elbv2.ApplicationListener;
  /** Listener rule path pattern, e.g. `/api/auth/*` (the service serves it without a rewrite). */
  readonly pathPattern: string;
  /** Listener rule priority, unique on the listener. */
  readonly listenerPriority: number;
  /**
   * Path the container and the target group health checks call.
   * @default '/health/ready'
   */
  readonly healthCheckPath?: string;
  /**
   * How long the service's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

const OWNER = 'ApiService';

/**
 * One HTTP service on Fargate: task definition (image from ECR, env + secrets, health check,
 * CloudWatch logs), service in private subnets behind a path rule of the ALB's HTTPS listener,
 * and target tracking auto scaling on CPU and on memory.
 */
export class ApiService extends Construct {
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The container (named after the service). */
  public readonly container: ecs.ContainerDefinition;
  /** The service. */
  public readonly service: ecs.FargateService;
  /** The service's own security group: in from the ALB on its port, out as granted. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The ALB target group. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The log group of the container. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    requireMatch(OWNER, 'serviceName', props.serviceName, /^[a-z][a-z0-9-]{1,30}$/, 'lowercase letters, digits and -');
    requireMatch(OWNER, 'family', props.family, /^[a-zA-Z0-9_-]{1,255}$/, 'letters, digits, - and _');
    requireMatch(OWNER, 'imageTag', props.imageTag, /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/, 'a valid image tag');
    requireIntegerInRange(OWNER, 'containerPort', props.containerPort, 1, 65535);
    requireIntegerInRange(OWNER, 'listenerPriority', props.listenerPriority, 1, 50000);
    requireMatch(OWNER, 'pathPattern', props.pathPattern, /^\/[^\s]*$/, 'a path pattern starting with /');
    const healthCheckPath = props.healthCheckPath ?? '/health/ready';
    requireMatch(OWNER, 'healthCheckPath', healthCheckPath, /^\/[a-zA-Z0-9/_.-]*$/, 'an absolute path');
    const cpu = props.cpu ?? 512;
    if (![256, 512, 1024, 2048, 4096, 8192, 16384].includes(cpu)) {
      throw new Error(`${OWNER}: prop 'cpu' must be a Fargate CPU size (256, 512, 1024, ...), got ${cpu}`);
    }
    const memoryLimitMiB = props.memoryLimitMiB ?? 1024;
    requireIntegerInRange(OWNER, 'memoryLimitMiB', memoryLimitMiB, 512, 122880);
    const desiredCount = props.desiredCount ?? 2;
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 6;
    requireIntegerInRange(OWNER, 'desiredCount', desiredCount, 0, 1000);
    requireIntegerInRange(OWNER, 'minCapacity', minCapacity, 0, 1000);
    requireIntegerInRange(OWNER, 'maxCapacity', maxCapacity, 1, 1000);
    requireOrdered(OWNER, 'minCapacity', minCapacity, 'maxCapacity', maxCapacity);
    const cpuTargetPercent = props.cpuTargetPercent ?? 60;
    const memoryTargetPercent = props.memoryTargetPercent ?? 70;
    requireIntegerInRange(OWNER, 'cpuTargetPercent', cpuTargetPercent, 10, 95);
    requireIntegerInRange(OWNER, 'memoryTargetPercent', memoryTargetPercent, 10, 95);

    const environment = { ...props.environment, PORT: String(props.containerPort) };
    const secrets = { ...props.secrets };
    const both = Object.keys(secrets).filter((name) => name in environment);
    if (both.length > 0) {
      throw new Error(
        `${OWNER}: ${both.join(', ')} given in both props 'environment' and 'secrets' (ECS rejects such a task definition)`,
      );
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.serviceName}: in from the ALB, out to its backing services and HTTPS`,
      allowAllOutbound: false,
    });
    // ECR image pulls, Secrets Manager, SSM and CloudWatch Logs go out through the NAT gateways.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs and ECR over HTTPS');

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: props.family,
      cpu,
      memoryLimitMiB,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });

    // The images run Node 22, which has fetch; no curl needed in the image.
    const probe =
      `fetch('http://127.0.0.1:${props.containerPort}${healthCheckPath}')` +
      '.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))';
    this.container = this.taskDefinition.addContainer(props.serviceName, {
      containerName: props.serviceName,
      image: ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      essential: true,
      environment,
      secrets,
      portMappings: [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP, name: props.serviceName }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: props.serviceName, logGroup: this.logGroup }),
      healthCheck: {
        command: ['CMD', 'node', '-e', probe],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      stopTimeout: Duration.seconds(30),
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: props.serviceName,
      taskDefinition: this.taskDefinition,
      desiredCount,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
    });

    this.targetGroup = props.listener.addTargets(props.serviceName, {
      priority: props.listenerPriority,
      conditions: [elbv2.ListenerCondition.pathPatterns([props.pathPattern])],
      port: props.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [
        this.service.loadBalancerTarget({ containerName: props.serviceName, containerPort: props.containerPort }),
      ],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity });
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: cpuTargetPercent,
      scaleInCooldown: Duration.seconds(120),
      scaleOutCooldown: Duration.seconds(60),
    });
    scaling.scaleOnMemoryUtilization('MemoryScaling', {
      targetUtilizationPercent: memoryTargetPercent,
      scaleInCooldown: Duration.seconds(120),
      scaleOutCooldown: Duration.seconds(60),
    });

    acknowledgeNagRules(this.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason:
          'Only non-secret connection values (hosts, ports, URLs without credentials) are plain environment; every credential comes through `secrets`.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The execution role needs ecr:GetAuthorizationToken, which has no resource-level scope.',
      },
    ]);
  }
}
