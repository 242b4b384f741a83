import { CfnOutput, Stack, Token, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AccessLogs } from './access-logs.ts';
import { ApiService } from './api-service.ts';
import { AppConfig, type AppConfigProps } from './app-config.ts';
import { Cache } from './cache.ts';
import { Database, DATABASE_PORT } from './database.ts';
import { Delivery } from './delivery.ts';
import { Frontend } from './frontend.ts';
import { ImageRepositories } from './image-repositories.ts';
import { Ingress } from './ingress.ts';
import { AMQPS_PORT, MessageBroker, type BrokerDeploymentMode } from './message-broker.ts';
import { Network } from './network.ts';
import { REDIS_PORT } from './cache.ts';
import { apiPathPattern, SERVICES, type ServiceSpec } from './service-catalog.ts';
import { STACK_OUTPUTS, serviceOutputIds } from './stack-outputs.ts';
import { requireIntegerInRange, requireMatch } from './validate.ts';

/** Proxies in front of a task that append to X-Forwarded-For: CloudFront, then the ALB. */
const TRUST_PROXY_HOPS = 2;

/**
 * Props of {@link CashflowStack}. Flat on purpose: each maps to one context key of `bin/app.ts`.
 * The application settings (JWT key id, issuer and audience, log level, bus namespace, queue type,
 * seeded user) are {@link AppConfigProps}' own, documented there.
 */
export interface CashflowStackProps extends StackProps, Omit<AppConfigProps, 'parameterPrefix'> {
  /** ARN of the ACM certificate (in the stack's region) for the ALB's HTTPS listener. */
  readonly certificateArn: string;
  /**
   * The two AZs the VPC spans. Explicit, so synthesis needs no lookup.
   * @default - `<region>a` and `<region>b` of `env.region`
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Environment name: in the SSM parameter names (`/cashflow/<environmentName>/...`), the
   * task definition families and the broker name.
   * @default 'prod'
   */
  readonly environmentName?: string;
  /**
   * Tag of the service images the task definitions pin; the pipeline deploys git-sha tags over it.
   * @default 'latest'
   */
  readonly imageTag?: string;
  /**
   * Prefix of the ECR repository names (`<prefix>/auth`, ...).
   * @default 'cashflow'
   */
  readonly repositoryPrefix?: string;
  /**
   * VPC CIDR.
   * @default '10.40.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * NAT gateways (1 or 2).
   * @default 2
   */
  readonly natGateways?: number;
  /**
   * RDS instance type, e.g. `t4g.medium` or `m7g.large`.
   * @default 't4g.medium'
   */
  readonly databaseInstanceType?: string;
  /**
   * RDS allocated storage in GiB.
   * @default 20
   */
  readonly databaseAllocatedStorageGiB?: number;
  /**
   * Days of RDS automated backups.
   * @default 7
   */
  readonly databaseBackupRetentionDays?: number;
  /**
   * RDS deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Amazon MQ deployment mode.
   * @default 'CLUSTER_MULTI_AZ'
   */
  readonly brokerDeploymentMode?: BrokerDeploymentMode;
  /**
   * Amazon MQ instance type.
   * @default 'mq.m5.large'
   */
  readonly brokerInstanceType?: string;
  /**
   * RabbitMQ version.
   * @default '3.13'
   */
  readonly brokerEngineVersion?: string;
  /**
   * ElastiCache node type.
   * @default 'cache.t4g.small'
   */
  readonly cacheNodeType?: string;
  /**
   * Redis nodes (primary + replicas), at least 2.
   * @default 2
   */
  readonly cacheNodeCount?: number;
  /**
   * `AUTH_RATE_LIMIT_PER_MINUTE`: token requests per client address per minute, for the whole
   * auth service (its tasks share the counters in Redis).
   * @default 30
   */
  readonly authRateLimitPerMinute?: number;
  /**
   * Fargate CPU units of each service's task.
   * @default 512
   */
  readonly serviceCpu?: number;
  /**
   * Memory (MiB) of each service's task.
   * @default 1024
   */
  readonly serviceMemoryLimitMiB?: number;
  /**
   * Tasks per service at first deploy (0 before the first images are pushed).
   * @default 2
   */
  readonly serviceDesiredCount?: number;
  /**
   * Fewest tasks per service auto scaling keeps.
   * @default 2
   */
  readonly serviceMinCapacity?: number;
  /**
   * Most tasks per service auto scaling starts.
   * @default 6
   */
  readonly serviceMaxCapacity?: number;
  /**
   * Days service logs are kept (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, ...).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * `DB_SSL_ROOT_CERT`: path of the RDS CA bundle inside the images.
   * @default - not set: the system store and `NODE_EXTRA_CA_CERTS` of the image
   */
  readonly databaseCaBundlePath?: string;
  /**
   * DNS name CloudFront uses to reach the ALB over HTTPS; must be on the ALB's certificate
   * and resolve to the ALB.
   * @default - the ALB's own DNS name (TLS to it only verifies with a certificate covering it)
   */
  readonly apiDomainName?: string;
  /**
   * Write ALB, CloudFront and S3 access logs to a log bucket.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Global WAFv2 web ACL ARN for CloudFront.
   * @default - none
   */
  readonly webAclArn?: string;
  /**
   * CodeStar connection ARN of the pipeline's Git source.
   * @default - S3 source bucket
   */
  readonly sourceConnectionArn?: string;
  /**
   * `owner/name` of the Git repository (with `sourceConnectionArn`).
   * @default - none
   */
  readonly sourceRepository?: string;
  /**
   * Branch the pipeline follows.
   * @default 'main'
   */
  readonly sourceBranch?: string;
}

/**
 * The cash-flow system on AWS: VPC, RDS PostgreSQL, Amazon MQ for RabbitMQ, ElastiCache
 * Redis, settings in Secrets Manager / SSM, three Fargate services behind an HTTPS ALB,
 * the SPA on S3 + CloudFront, and ECR + CodeBuild + CodePipeline delivery.
 */
export class CashflowStack extends Stack {
  /** The VPC. */
  public readonly network: Network;
  /** RDS. */
  public readonly database: Database;
  /** Amazon MQ. */
  public readonly messageBroker: MessageBroker;
  /** ElastiCache. */
  public readonly cache: Cache;
  /** Secrets and SSM parameters. */
  public readonly appConfig: AppConfig;
  /** The ECS cluster. */
  public readonly cluster: ecs.Cluster;
  /** The ALB. */
  public readonly ingress: Ingress;
  /** The services by name. */
  public readonly services: ReadonlyMap<ServiceSpec['name'], ApiService>;
  /** S3 + CloudFront. */
  public readonly frontend: Frontend;
  /** ECR repositories. */
  public readonly imageRepositories: ImageRepositories;
  /** CodeBuild + CodePipeline. */
  public readonly delivery: Delivery;
  /** The access-log bucket, when `accessLogs` is on. */
  public readonly accessLogs?: AccessLogs;
  private readonly explicitAvailabilityZones: string[];

  constructor(scope: Construct, id: string, props: CashflowStackProps) {
    super(scope, id, props);
    const environmentName = props.environmentName ?? 'prod';
    requireMatch(
      'CashflowStack',
      'environmentName',
      environmentName,
      /^[a-z][a-z0-9-]{0,19}$/,
      '1-20 lowercase letters, digits or -',
    );
    const availabilityZones = [...(props.availabilityZones ?? this.defaultAvailabilityZones())];
    this.explicitAvailabilityZones = availabilityZones;
    const logRetentionDays = props.logRetentionDays ?? 30;
    if (!Object.values(logs.RetentionDays).includes(logRetentionDays)) {
      throw new Error(
        `CashflowStack: prop 'logRetentionDays' must be a CloudWatch retention (1, 3, 5, 7, 14, 30, 60, 90, ...), got ${logRetentionDays}`,
      );
    }
    const logRetention = logRetentionDays as logs.RetentionDays;
    if (props.authRateLimitPerMinute !== undefined) {
      requireIntegerInRange('CashflowStack', 'authRateLimitPerMinute', props.authRateLimitPerMinute, 1, 999_999);
    }
    const namePrefix = `cashflow-${environmentName}`;

    this.network = new Network(this, 'Network', {
      availabilityZones,
      cidr: props.vpcCidr,
      natGateways: props.natGateways,
      flowLogRetention: logRetention,
    });
    const { vpc, privateSubnets } = this.network;

    if (props.accessLogs ?? true) this.accessLogs = new AccessLogs(this, 'AccessLogs');

    this.database = new Database(this, 'Database', {
      vpc,
      subnets: privateSubnets,
      instanceType: props.databaseInstanceType ? new ec2.InstanceType(props.databaseInstanceType) : undefined,
      allocatedStorageGiB: props.databaseAllocatedStorageGiB,
      backupRetentionDays: props.databaseBackupRetentionDays,
      deletionProtection: props.deletionProtection,
    });
    this.messageBroker = new MessageBroker(this, 'MessageBroker', {
      vpc,
      subnets: privateSubnets,
      brokerName: namePrefix,
      deploymentMode: props.brokerDeploymentMode,
      hostInstanceType: props.brokerInstanceType,
      engineVersion: props.brokerEngineVersion,
    });
    this.cache = new Cache(this, 'Cache', {
      vpc,
      subnets: privateSubnets,
      cacheNodeType: props.cacheNodeType,
      nodeCount: props.cacheNodeCount,
    });
    this.appConfig = new AppConfig(this, 'AppConfig', {
      parameterPrefix: `/cashflow/${environmentName}`,
      jwtKeyId: props.jwtKeyId,
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      logLevel: props.logLevel,
      busNamespace: props.busNamespace,
      amqpQueueType: props.amqpQueueType,
      demoUsername: props.demoUsername,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.ingress = new Ingress(this, 'Ingress', {
      vpc,
      certificateArn: props.certificateArn,
      accessLogsBucket: this.accessLogs?.bucket,
    });
    this.imageRepositories = new ImageRepositories(this, 'ImageRepositories', {
      serviceNames: SERVICES.map((s) => s.name),
      repositoryPrefix: props.repositoryPrefix ?? 'cashflow',
    });

    const services = new Map<ServiceSpec['name'], ApiService>();
    for (const spec of SERVICES) {
      const apiService = new ApiService(this, `${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}Service`, {
        cluster: this.cluster,
        subnets: privateSubnets,
        serviceName: spec.name,
        family: `${namePrefix}-${spec.name}`,
        repository: this.imageRepositories.byService.get(spec.name)!,
        imageTag: props.imageTag ?? 'latest',
        containerPort: spec.port,
        cpu: props.serviceCpu,
        memoryLimitMiB: props.serviceMemoryLimitMiB,
        desiredCount: props.serviceDesiredCount,
        minCapacity: props.serviceMinCapacity,
        maxCapacity: props.serviceMaxCapacity,
        logRetention,
        listener: this.ingress.httpsListener,
        pathPattern: apiPathPattern(spec.name),
        listenerPriority: spec.listenerPriority,
        environment: this.environmentFor(spec, props),
        secrets: this.secretsFor(spec),
      });
      apiService.service.connections.allowTo(
        this.database.securityGroup,
        ec2.Port.tcp(DATABASE_PORT),
        `${spec.name} to RDS`,
      );
      if (spec.usesBus) {
        apiService.service.connections.allowTo(
          this.messageBroker.securityGroup,
          ec2.Port.tcp(AMQPS_PORT),
          `${spec.name} to MQ`,
        );
      }
      if (spec.usesCache) {
        apiService.service.connections.allowTo(
          this.cache.securityGroup,
          ec2.Port.tcp(REDIS_PORT),
          `${spec.name} to Redis`,
        );
      }
      services.set(spec.name, apiService);
    }
    this.services = services;

    this.frontend = new Frontend(this, 'Frontend', {
      apiDomainName: props.apiDomainName ?? this.ingress.loadBalancer.loadBalancerDnsName,
      accessLogsBucket: this.accessLogs?.bucket,
      webAclArn: props.webAclArn,
    });

    this.delivery = new Delivery(this, 'Delivery', {
      services: SERVICES.map((spec) => ({
        name: spec.name,
        port: spec.port,
        repository: this.imageRepositories.byService.get(spec.name)!,
        service: services.get(spec.name)!.service,
      })),
      sourceConnectionArn: props.sourceConnectionArn,
      sourceRepository: props.sourceRepository,
      sourceBranch: props.sourceBranch,
    });

    this.addOutputs();
  }

  /** The explicit AZs: overriding the getter keeps the VPC from asking for an `availability-zones` context lookup. */
  public override get availabilityZones(): string[] {
    return this.explicitAvailabilityZones;
  }

  private defaultAvailabilityZones(): string[] {
    if (Token.isUnresolved(this.region)) {
      throw new Error("CashflowStack: prop 'availabilityZones' is required when env.region is not given");
    }
    return [`${this.region}a`, `${this.region}b`];
  }

  /** Non-secret variables; names as in docs/configuration.md. `PORT` is added by ApiService. */
  private environmentFor(spec: ServiceSpec, props: CashflowStackProps): Record<string, string> {
    const environment: Record<string, string> = {
      DB_HOST: this.database.instance.dbInstanceEndpointAddress,
      DB_PORT: String(DATABASE_PORT),
      DB_NAME: spec.databaseName,
      DB_SSLMODE: 'verify-full',
      // The service refuses to start on a plaintext or unverified connection (docs/configuration.md).
      REQUIRE_TLS: 'true',
    };
    if (props.databaseCaBundlePath !== undefined) environment.DB_SSL_ROOT_CERT = props.databaseCaBundlePath;
    // Viewer -> CloudFront -> ALB -> task: two proxies append to X-Forwarded-For (compose has one, nginx).
    environment.TRUST_PROXY_HOPS = String(TRUST_PROXY_HOPS);
    if (spec.usesBus) environment.AMQP_URL = this.messageBroker.amqpEndpoint;
    if (spec.usesCache) environment.REDIS_URL = this.cache.url;
    if (spec.name === 'auth') {
      environment.AUTH_RATE_LIMIT_PER_MINUTE = String(props.authRateLimitPerMinute ?? 30);
      if (this.appConfig.demoUsername !== undefined) environment.DEMO_USERNAME = this.appConfig.demoUsername;
    }
    return environment;
  }

  /** Variables ECS resolves at task start from Secrets Manager and SSM. */
  private secretsFor(spec: ServiceSpec): Record<string, ecs.Secret> {
    const { parameters } = this.appConfig;
    const secrets: Record<string, ecs.Secret> = {
      DB_USERNAME: ecs.Secret.fromSecretsManager(this.database.secret, 'username'),
      DB_PASSWORD: ecs.Secret.fromSecretsManager(this.database.secret, 'password'),
      JWT_SIGNING_KEY: ecs.Secret.fromSecretsManager(this.appConfig.jwtSigningKey),
      JWT_KEY_ID: ecs.Secret.fromSsmParameter(parameters.JWT_KEY_ID),
      JWT_ISSUER: ecs.Secret.fromSsmParameter(parameters.JWT_ISSUER),
      JWT_AUDIENCE: ecs.Secret.fromSsmParameter(parameters.JWT_AUDIENCE),
      LOG_LEVEL: ecs.Secret.fromSsmParameter(parameters.LOG_LEVEL),
    };
    if (spec.usesBus) {
      secrets.AMQP_USERNAME = ecs.Secret.fromSecretsManager(this.messageBroker.secret, 'username');
      secrets.AMQP_PASSWORD = ecs.Secret.fromSecretsManager(this.messageBroker.secret, 'password');
      secrets.BUS_NAMESPACE = ecs.Secret.fromSsmParameter(parameters.BUS_NAMESPACE);
    }
    if (spec.usesCache) secrets.REDIS_AUTH_TOKEN = ecs.Secret.fromSecretsManager(this.cache.authTokenSecret);
    if (spec.name === 'consolidated') {
      secrets.AMQP_QUEUE_TYPE = ecs.Secret.fromSsmParameter(parameters.AMQP_QUEUE_TYPE);
    }
    if (spec.name === 'auth' && this.appConfig.demoPassword !== undefined) {
      secrets.DEMO_PASSWORD = ecs.Secret.fromSecretsManager(this.appConfig.demoPassword);
    }
    return secrets;
  }

  private addOutputs(): void {
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out(STACK_OUTPUTS.albDnsName, this.ingress.loadBalancer.loadBalancerDnsName, 'ALB DNS name');
    out(STACK_OUTPUTS.cloudFrontDomainName, this.frontend.distribution.distributionDomainName, 'CloudFront domain');
    out(
      STACK_OUTPUTS.cloudFrontDistributionId,
      this.frontend.distribution.distributionId,
      'CloudFront distribution id',
    );
    out(STACK_OUTPUTS.frontendBucketName, this.frontend.bucket.bucketName, 'Bucket the SPA is uploaded to');
    out(STACK_OUTPUTS.clusterName, this.cluster.clusterName, 'ECS cluster');
    for (const [name, apiService] of this.services) {
      const ids = serviceOutputIds(name);
      out(ids.taskDefinitionFamily, apiService.taskDefinition.family, `${name} task definition family`);
      out(ids.serviceName, apiService.service.serviceName, `${name} ECS service name`);
    }
    out(STACK_OUTPUTS.dbEndpointAddress, this.database.instance.dbInstanceEndpointAddress, 'RDS endpoint address');
    out(STACK_OUTPUTS.dbEndpointPort, this.database.instance.dbInstanceEndpointPort, 'RDS endpoint port');
    out(STACK_OUTPUTS.mqAmqpEndpoint, this.messageBroker.amqpEndpoint, 'Amazon MQ AMQPS endpoint');
    out(
      STACK_OUTPUTS.redisPrimaryEndpointAddress,
      this.cache.replicationGroup.attrPrimaryEndPointAddress,
      'Redis primary',
    );
    out(STACK_OUTPUTS.redisPrimaryEndpointPort, this.cache.replicationGroup.attrPrimaryEndPointPort, 'Redis port');
    out(STACK_OUTPUTS.dbSecretArn, this.database.secret.secretArn, 'RDS credentials secret');
    out(STACK_OUTPUTS.mqSecretArn, this.messageBroker.secret.secretArn, 'Amazon MQ credentials secret');
    out(STACK_OUTPUTS.redisAuthTokenSecretArn, this.cache.authTokenSecret.secretArn, 'Redis AUTH token secret');
    out(STACK_OUTPUTS.jwtSigningKeySecretArn, this.appConfig.jwtSigningKey.secretArn, 'JWT signing key secret');
    if (this.appConfig.demoPassword) {
      out(STACK_OUTPUTS.demoPasswordSecretArn, this.appConfig.demoPassword.secretArn, 'Seeded user password secret');
    }
    out(STACK_OUTPUTS.parameterPrefix, this.appConfig.parameterPrefix, 'Prefix of the SSM parameter names');
    out(STACK_OUTPUTS.pipelineName, this.delivery.pipeline.pipelineName, 'CodePipeline name');
  }
}
