import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { acknowledgeNagRules } from './acknowledge-nag-rules.ts';
import { Construct } from 'constructs';
import { requireMatch, requireOneOf } from './validate.ts';

/** The non-secret settings kept in SSM Parameter Store, by environment-variable name. */
export const PARAMETER_NAMES = [
  'JWT_KEY_ID',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'LOG_LEVEL',
  'BUS_NAMESPACE',
  'AMQP_QUEUE_TYPE',
] as const;

/** One of {@link PARAMETER_NAMES}. */
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** Props of {@link AppConfig}. */
export interface AppConfigProps {
  /**
   * Prefix of the SSM parameter names: each is `<parameterPrefix>/<VARIABLE>`.
   * Starts with `/`, no trailing `/`.
   */
  readonly parameterPrefix: string;
  /**
   * `kid` of the JWT signing key.
   * @default 'k1'
   */
  readonly jwtKeyId?: string;
  /**
   * JWT `iss`.
   * @default 'cashflow-auth'
   */
  readonly jwtIssuer?: string;
  /**
   * JWT `aud`.
   * @default 'cashflow'
   */
  readonly jwtAudience?: string;
  /**
   * pino level of every service.
   * @default 'info'
   */
  readonly logLevel?: string;
  /**
   * Message namespace (MassTransit message URNs and exchange names).
   * @default 'Cashflow.Contracts'
   */
  readonly busNamespace?: string;
  /**
   * `x-queue-type` of the consumers' endpoint queues.
   * @default 'quorum'
   */
  readonly amqpQueueType?: 'quorum' | 'classic';
  /**
   * Seed a user with this name in auth at start; its password is generated into Secrets Manager.
   * @default - no user is seeded
   */
  readonly demoUsername?: string;
}

/**
 * Application settings: the JWT signing key (and the optional seeded user's password) in
 * Secrets Manager, everything else non-secret as SSM String parameters with explicit names.
 */
export class AppConfig extends Construct {
  /** HS256 key, 64 letters and digits (the services need at least 32 characters). */
  public readonly jwtSigningKey: secretsmanager.Secret;
  /** The seeded user's password, when `demoUsername` is set. */
  public readonly demoPassword?: secretsmanager.Secret;
  /** The seeded user's name, when set. */
  public readonly demoUsername?: string;
  /** The SSM parameters by variable name. */
  public readonly parameters: Readonly<Record<ParameterName, ssm.StringParameter>>;
  /** The prefix the parameter names share. */
  public readonly parameterPrefix: string;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    requireMatch(
      'AppConfig',
      'parameterPrefix',
      props.parameterPrefix,
      /^(\/[a-zA-Z0-9_.-]+)+$/,
      'like /cashflow/prod',
    );
    const logLevel = props.logLevel ?? 'info';
    requireOneOf('AppConfig', 'logLevel', logLevel, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
    const amqpQueueType = props.amqpQueueType ?? 'quorum';
    requireOneOf('AppConfig', 'amqpQueueType', amqpQueueType, ['quorum', 'classic']);
    if (props.demoUsername !== undefined) {
      requireMatch('AppConfig', 'demoUsername', props.demoUsername, /^[a-zA-Z0-9_.@-]{3,64}$/, '3-64 characters');
    }
    this.parameterPrefix = props.parameterPrefix;

    this.jwtSigningKey = new secretsmanager.Secret(this, 'JwtSigningKey', {
      description: 'HS256 key auth signs JWTs with and the other services verify',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    acknowledgeNagRules(this.jwtSigningKey, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Keys rotate through JWT_PREVIOUS_SIGNING_KEY/JWT_KEY_ID with a redeploy so tokens in flight stay valid; a rotation Lambda would break them.',
      },
    ]);

    if (props.demoUsername !== undefined) {
      this.demoUsername = props.demoUsername;
      this.demoPassword = new secretsmanager.Secret(this, 'DemoPassword', {
        description: 'Password of the user auth seeds at start',
        generateSecretString: { passwordLength: 24, excludePunctuation: true, includeSpace: false },
      });
      acknowledgeNagRules(this.demoPassword, [
        { id: 'AwsSolutions-SMG4', reason: 'A seeded demo user of non-production environments; not rotated.' },
      ]);
    }

    const values: Record<ParameterName, string> = {
      JWT_KEY_ID: props.jwtKeyId ?? 'k1',
      JWT_ISSUER: props.jwtIssuer ?? 'cashflow-auth',
      JWT_AUDIENCE: props.jwtAudience ?? 'cashflow',
      LOG_LEVEL: logLevel,
      BUS_NAMESPACE: props.busNamespace ?? 'Cashflow.Contracts',
      AMQP_QUEUE_TYPE: amqpQueueType,
    };
    const parameters = {} as Record<ParameterName, ssm.StringParameter>;
    for (const name of PARAMETER_NAMES) {
      parameters[name] = new ssm.StringParameter(this, name, {
        parameterName: `${props.parameterPrefix}/${name}`,
        stringValue: values[name],
        description: `cashflow setting ${name}`,
      });
    }
    this.parameters = parameters;
  }
}
