import type { CfnTemplate } from '../../deploy/template-types.ts';
import { setComposeEnvironment } from './compose-edits.ts';
import type { MigrationDefect } from './migration-defect.ts';
import {
  containerOf,
  ecsServiceOf,
  environmentOf,
  removeResource,
  removeVariable,
  resourceOf,
  secretOf,
  settingParameter,
} from './template-edits.ts';

// A value a team pastes into a task definition: made up here, long enough to be treated as a secret.
const PASTED_SIGNING_KEY = 'pasted-into-the-task-definition-0123456789abcdef';

/** An SSM parameter ARN written by hand (`/cashflow/prod/LOGLEVEL`), as typed into a task definition. */
const handWrittenParameterArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:123456789012:parameter/cashflow/prod/${name}`]],
});

/**
 * Moves `name` of `service` from `secrets[]` (`<secret ARN>:<key>::`, ECS's form) into its
 * environment as `{{resolve:secretsmanager:<secret ARN>:SecretString:<key>}}`, which CloudFormation
 * resolves once, at deploy.
 */
function resolveAtDeploy(template: CfnTemplate, service: string, name: string): void {
  const text = JSON.stringify(secretOf(template, service, name).ValueFrom);
  const key = /:([A-Za-z]+)::"\]\]\}$/.exec(text)?.[1];
  if (key === undefined || !text.startsWith('{"Fn::Join":["",[')) {
    throw new Error(`${service}'s ${name} valueFrom is no Fn::Join ending in :<key>::`);
  }
  const reference = JSON.parse(
    text
      .replace('"Fn::Join":["",[', '"Fn::Join":["",["{{resolve:secretsmanager:",')
      .replace(`:${key}::"]]}`, `:SecretString:${key}}}"]]}`),
  ) as unknown;
  removeVariable(template, service, name);
  containerOf(template, service).Environment!.push({ Name: name, Value: reference });
}

/**
 * The project's catalogue of migration defects: mistakes teams make moving a compose system to ECS
 * (read from how such migrations fail: settings copied by hand, secrets pasted, ports from the
 * Dockerfile, health checks and rules rewritten, TLS and topology left to defaults). `harness
 * verify --self-test` seeds each one, alone, into a temporary copy, deploys it, and expects the gate
 * to catch it with `expected`. Order matters only for speed: compose defects reuse the first deploy.
 */
export const DEFECT_CATALOGUE: readonly MigrationDefect[] = [
  // -- effective-configuration: the environment each service gets
  {
    id: 'secret-in-environment',
    title: "auth's JWT signing key pasted into the task definition's environment instead of secrets",
    check: 'effective-configuration',
    expected: 'SECRET_IN_ENVIRONMENT',
    target: 'template',
    apply: ({ template }) => {
      removeVariable(template, 'auth', 'JWT_SIGNING_KEY');
      containerOf(template, 'auth').Environment!.push({ Name: 'JWT_SIGNING_KEY', Value: PASTED_SIGNING_KEY });
    },
  },
  {
    id: 'setting-changed-in-aws',
    title: 'LOG_LEVEL set to debug in the SSM parameter while compose logs at info',
    check: 'effective-configuration',
    expected: 'CONFIG_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      settingParameter(template, 'LOG_LEVEL').Value = 'debug';
    },
  },
  {
    id: 'setting-changed-in-compose',
    title: "cashflow's JWT_AUDIENCE renamed in docker-compose.yml after the task definitions were written",
    check: 'effective-configuration',
    expected: 'CONFIG_DRIFT',
    target: 'compose',
    apply: ({ compose }) => setComposeEnvironment(compose, 'cashflow', 'JWT_AUDIENCE', 'cashflow-api'),
  },
  {
    id: 'setting-only-in-compose',
    title: 'a setting added to docker-compose.yml (consolidated REPORT_CACHE_TTL_SECONDS) and never to ECS',
    check: 'effective-configuration',
    expected: 'KEY_MISSING',
    target: 'compose',
    apply: ({ compose }) => setComposeEnvironment(compose, 'consolidated', 'REPORT_CACHE_TTL_SECONDS', '60', false),
  },
  {
    id: 'setting-dropped-in-aws',
    title: "consolidated's BUS_NAMESPACE left out of the task definition",
    check: 'effective-configuration',
    expected: 'KEY_MISSING',
    target: 'template',
    apply: ({ template }) => removeVariable(template, 'consolidated', 'BUS_NAMESPACE'),
  },
  {
    id: 'connection-dropped-in-aws',
    title: "cashflow's REDIS_URL left out of the task definition (the idempotency store)",
    check: 'effective-configuration',
    expected: 'KEY_MISSING',
    target: 'template',
    apply: ({ template }) => removeVariable(template, 'cashflow', 'REDIS_URL'),
  },
  {
    id: 'secret-json-key-typo',
    title: "a typo in the JSON key of cashflow's DB_PASSWORD valueFrom (`:pasword::`)",
    check: 'effective-configuration',
    expected: 'SECRET_UNRESOLVED',
    target: 'template',
    apply: ({ template }) => {
      const entry = secretOf(template, 'cashflow', 'DB_PASSWORD');
      const text = JSON.stringify(entry.ValueFrom);
      if (!text.includes(':password::')) throw new Error('DB_PASSWORD valueFrom has no :password:: key');
      entry.ValueFrom = JSON.parse(text.replace(':password::', ':pasword::')) as unknown;
    },
  },
  {
    id: 'secret-from-another-account',
    title: "consolidated's JWT_SIGNING_KEY read from a secret ARN copied from another environment",
    check: 'effective-configuration',
    expected: 'SECRET_UNRESOLVED',
    target: 'template',
    apply: ({ template }) => {
      secretOf(template, 'consolidated', 'JWT_SIGNING_KEY').ValueFrom =
        'arn:aws:secretsmanager:us-east-1:210987654321:secret:cashflow-staging/jwt-signing-key-AbCdEf';
    },
  },
  {
    id: 'parameter-name-typo',
    title: "auth's LOG_LEVEL valueFrom typed by hand with a wrong parameter name",
    check: 'effective-configuration',
    expected: 'SECRET_UNRESOLVED',
    target: 'template',
    apply: ({ template }) => {
      secretOf(template, 'auth', 'LOG_LEVEL').ValueFrom = handWrittenParameterArn('LOGLEVEL');
    },
  },
  // -- service-shape: how each service runs
  {
    id: 'container-port-from-dockerfile',
    title: "cashflow's container port taken from the Dockerfile's default (8080) instead of its PORT",
    check: 'service-shape',
    expected: 'SHAPE_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      const container = containerOf(template, 'cashflow');
      if (!container.PortMappings?.[0]) throw new Error('cashflow has no port mapping');
      container.PortMappings[0].ContainerPort = 8080;
    },
  },
  {
    id: 'health-check-changed',
    title: "auth's health check probes liveness (/health/live) instead of readiness",
    check: 'service-shape',
    expected: 'SHAPE_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      const check = containerOf(template, 'auth').HealthCheck;
      const probe = check?.Command.findIndex((part) => part.includes('/health/ready')) ?? -1;
      if (!check || probe < 0) throw new Error("auth's health check does not probe /health/ready");
      check.Command[probe] = check.Command[probe]!.replace('/health/ready', '/health/live');
    },
  },
  {
    id: 'command-overridden',
    title: "consolidated's task definition overrides the image's command",
    check: 'service-shape',
    expected: 'SHAPE_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      containerOf(template, 'consolidated').Command = ['node', 'dist/server.js', '--skip-migrations'];
    },
  },
  {
    id: 'desired-count-zero',
    title: "cashflow's ECS service created with a desired count of 0 (never scaled up)",
    check: 'service-shape',
    expected: 'SHAPE_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      ecsServiceOf(template, 'cashflow').DesiredCount = 0;
    },
  },
  // -- routes: the ALB and CloudFront against the compose proxy
  {
    id: 'alb-rule-missing',
    title: 'the ALB has no listener rule for /api/consolidated/*',
    check: 'routes',
    expected: 'ROUTE_MISSING',
    target: 'template',
    // moto's CloudFormation never deletes a listener rule an update drops.
    freshEmulator: true,
    apply: ({ template }) =>
      removeResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', (properties) =>
        JSON.stringify(properties.Conditions).includes('/api/consolidated/'),
      ),
  },
  {
    id: 'alb-path-narrowed',
    title: 'the ALB rule for cashflow matches /api/cashflow only, not the paths under it',
    check: 'routes',
    // The paths under it fall through to the listener's default 404: missing, not routed elsewhere.
    expected: 'ROUTE_MISSING',
    target: 'template',
    apply: ({ template }) => {
      const rule = resourceOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', (properties) =>
        JSON.stringify(properties.Conditions).includes('/api/cashflow/*'),
      );
      rule.properties.Conditions = [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/cashflow'] } }];
    },
  },
  {
    id: 'alb-rule-copied-unedited',
    title: "the ALB's /api/consolidated/* rule, copied from cashflow's, still forwards to cashflow's target group",
    check: 'routes',
    expected: 'ROUTE_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      const rule = (path: string) =>
        resourceOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', (properties) =>
          JSON.stringify(properties.Conditions).includes(path),
        ).properties;
      rule('/api/consolidated/*').Actions = structuredClone(rule('/api/cashflow/*').Actions);
    },
  },
  {
    id: 'spa-fallback-dropped',
    title: "CloudFront's SPA fallback function is not associated, so deep links answer 403/404",
    check: 'routes',
    expected: 'ROUTE_MISSING',
    target: 'template',
    apply: ({ template }) => {
      const config = resourceOf(template, 'AWS::CloudFront::Distribution').properties.DistributionConfig as {
        DefaultCacheBehavior: { FunctionAssociations?: unknown[] };
      };
      if (!config.DefaultCacheBehavior.FunctionAssociations) throw new Error('the distribution has no function');
      delete config.DefaultCacheBehavior.FunctionAssociations;
    },
  },
  // -- network: security groups against the servers each service uses
  {
    id: 'database-open-to-the-world',
    title: "RDS's security group opened to 0.0.0.0/0 on 5432 to debug a connection",
    check: 'network',
    expected: 'NETWORK_TOO_OPEN',
    target: 'template',
    // moto's CloudFormation neither changes nor deletes an ingress rule on an update.
    freshEmulator: true,
    apply: ({ template }) => {
      const rule = resourceOf(template, 'AWS::EC2::SecurityGroupIngress', (properties) =>
        String(properties.Description).startsWith('auth to RDS'),
      ).properties;
      delete rule.SourceSecurityGroupId;
      rule.CidrIp = '0.0.0.0/0';
    },
  },
  {
    id: 'cache-unreachable',
    title: 'no ingress rule lets consolidated reach Redis on 6379',
    check: 'network',
    expected: 'NETWORK_UNREACHABLE',
    target: 'template',
    freshEmulator: true,
    apply: ({ template }) =>
      removeResource(template, 'AWS::EC2::SecurityGroupIngress', (properties) =>
        String(properties.Description).startsWith('consolidated to Redis'),
      ),
  },
  // -- deploy-fidelity: what the template holds and the emulated target does not
  {
    id: 'migrations-in-custom-resource',
    title: 'the schema migrations moved into a Lambda-backed custom resource, which the emulated target never runs',
    check: 'deploy-fidelity',
    expected: 'RESOURCE_MISSING',
    target: 'template',
    apply: ({ template }) => {
      template.Resources.SchemaMigrations = {
        Type: 'Custom::SchemaMigrations',
        Properties: {
          ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:cashflow-schema-migrations',
          Databases: ['auth_db', 'cashflow_db', 'consolidated_db'],
        },
      };
    },
  },
  // -- per-task-limits: per-process limits multiplied by the task count
  {
    id: 'auth-scaled-out',
    title:
      'auth scaled out to 6 tasks and deployed without Redis: its login rate limit counts per task, 6 times looser',
    check: 'per-task-limits',
    expected: 'PER_TASK_LIMIT',
    target: 'template',
    apply: ({ template }) => {
      ecsServiceOf(template, 'auth').DesiredCount = 6;
      removeVariable(template, 'auth', 'REDIS_URL');
      removeVariable(template, 'auth', 'REDIS_AUTH_TOKEN');
    },
  },
  // -- tls: managed connections in plain text
  {
    id: 'database-tls-off',
    title: 'cashflow connects to RDS with DB_SSLMODE=disable, the default compose runs with',
    check: 'tls',
    // RDS with rds.force_ssl refuses the plain session: on ECS the task fails and restarts, here
    // the aws profile does not come up, and says why.
    expected: 'LAUNCH_SERVICE_START_FAILED',
    startFailure: { cause: /no pg_hba\.conf entry .*no encryption/ },
    target: 'template',
    apply: ({ template }) => {
      environmentOf(template, 'cashflow', 'DB_SSLMODE').Value = 'disable';
    },
  },
  {
    id: 'cache-transit-encryption-off',
    title: 'the ElastiCache replication group created without in-transit encryption',
    check: 'tls',
    expected: 'TLS_NOT_ENFORCED',
    target: 'template',
    apply: ({ template }) => {
      resourceOf(template, 'AWS::ElastiCache::ReplicationGroup').properties.TransitEncryptionEnabled = false;
    },
  },
  // -- broker-topology: what the brokers hold
  {
    id: 'queue-type-not-pinned',
    title: 'AMQP_QUEUE_TYPE left at classic on Amazon MQ while compose declares quorum queues',
    check: 'broker-topology',
    expected: 'TOPOLOGY_DRIFT',
    target: 'template',
    apply: ({ template }) => {
      settingParameter(template, 'AMQP_QUEUE_TYPE').Value = 'classic';
    },
  },
  // -- masstransit-envelopes: messages other MassTransit services publish
  {
    id: 'bus-namespace-renamed',
    title: 'BUS_NAMESPACE renamed in the SSM parameter: envelopes of the documented message type go unconsumed',
    check: 'masstransit-envelopes',
    expected: 'ENVELOPE_NOT_CONSUMED',
    target: 'template',
    apply: ({ template }) => {
      settingParameter(template, 'BUS_NAMESPACE').Value = 'Cashflow.Messages';
    },
  },
  // -- secret-rotation: secrets resolved at deploy time instead of at task start
  {
    id: 'secret-resolved-at-deploy',
    title:
      "cashflow's DB_PASSWORD written into environment as a {{resolve:secretsmanager}} reference: CloudFormation bakes the value in at deploy",
    check: 'secret-rotation',
    expected: 'SECRET_ROTATION_IGNORED',
    target: 'template',
    apply: ({ template }) => resolveAtDeploy(template, 'cashflow', 'DB_PASSWORD'),
  },
  {
    id: 'database-login-resolved-at-deploy',
    title:
      "cashflow's whole database login (DB_USERNAME, DB_PASSWORD) written into environment as {{resolve:secretsmanager}} references",
    check: 'secret-rotation',
    // The task no longer reads the secret at its start: deleting it does not stop a task starting.
    expected: 'SECRET_DELETION_NOT_FATAL',
    target: 'template',
    apply: ({ template }) => {
      resolveAtDeploy(template, 'cashflow', 'DB_USERNAME');
      resolveAtDeploy(template, 'cashflow', 'DB_PASSWORD');
    },
  },
  // -- browser: what a user of the SPA meets
  {
    id: 'auth-rule-to-wrong-target',
    title: "the ALB's /api/auth/* rule, copied from cashflow's, forwards to cashflow's target group",
    check: 'browser',
    expected: 'BROWSER_FLOW_FAILED',
    target: 'template',
    apply: ({ template }) => {
      const rule = (path: string) =>
        resourceOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', (properties) =>
          JSON.stringify(properties.Conditions).includes(path),
        ).properties;
      rule('/api/auth/*').Actions = structuredClone(rule('/api/cashflow/*').Actions);
    },
  },
  // -- server-versions: a changed engine is seeded into a fresh emulator (see `freshEmulator`)
  {
    id: 'database-engine-downgraded',
    title: 'RDS pinned to PostgreSQL 13 (copied from an older stack) while compose runs 16',
    check: 'server-versions',
    expected: 'VERSION_SKEW',
    target: 'template',
    freshEmulator: true,
    apply: ({ template }) => {
      resourceOf(template, 'AWS::RDS::DBInstance').properties.EngineVersion = '13.20';
    },
  },
  {
    id: 'broker-engine-downgraded',
    title: 'Amazon MQ pinned to RabbitMQ 3.11 (copied from an older stack) while compose runs 3.13',
    check: 'server-versions',
    expected: 'VERSION_SKEW',
    target: 'template',
    freshEmulator: true,
    apply: ({ template }) => {
      resourceOf(template, 'AWS::AmazonMQ::Broker').properties.EngineVersion = '3.11.28';
    },
  },
];
