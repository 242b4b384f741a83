import { redactUri } from '../core/credentials.ts';
import { classifyConfigurationKey, type ConfigurationKeyClass } from './configuration-key-rules.ts';
import { finding, maskFinding, SECRET_MASK, type Finding } from './finding.ts';

/** One `secrets[]` entry of an ECS container, with what resolving it in the emulator gave. */
export interface AwsSecretEntry {
  readonly valueFrom: string;
  /** The resolved value (as the ECS agent would inject it). */
  readonly value?: string;
  /** Why it did not resolve (missing secret, missing JSON key, missing parameter). */
  readonly error?: string;
}

/** A service's configuration as its deployed task definition gives it. */
export interface AwsServiceConfiguration {
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, AwsSecretEntry>>;
}

/** Both sides, per service: compose's interpolated `environment`, and each deployed container's. */
export interface EffectiveConfigurationInput {
  readonly compose: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly aws: Readonly<Record<string, AwsServiceConfiguration>>;
}

export interface EffectiveConfigurationOptions {
  readonly classify?: (key: string) => ConfigurationKeyClass;
  /**
   * The value a service uses when a setting is not set, per service (docs/configuration.md): a
   * setting missing on one side is compared as its default instead of reported as missing.
   */
  readonly defaults?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Secret values known from elsewhere (the servers' generated passwords); never shown, never in `environment`. */
  readonly knownSecrets?: readonly string[];
}

/** Check id under which these findings are reported. */
export const EFFECTIVE_CONFIGURATION_CHECK = 'effective-configuration';

/** A secret shorter than this is only matched whole, so that `1` or `on` do not mark every value. */
const MIN_EMBEDDED_SECRET_LENGTH = 8;

/** The JSON key of a Secrets Manager `valueFrom` (`arn:...:secret:<name>:<jsonKey>:<stage>:<id>`). */
function jsonKeyOf(valueFrom: string): string | undefined {
  const parts = valueFrom.split(':');
  if (parts[0] !== 'arn' || parts[2] !== 'secretsmanager') return undefined;
  return parts[7] === '' ? undefined : parts[7];
}

/** The password inside a URL's user info, if the value is such a URL. */
function urlPassword(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const password = new URL(value).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** A URL with its password as `***` (connection values of either side may carry one); other values as they are. */
function redactUrlPassword(value: string | null): string | null {
  return value !== null && urlPassword(value) !== undefined ? redactUri(value) : value;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

function sortedUnion(...keySets: Iterable<string>[]): string[] {
  return [...new Set(keySets.flatMap((keys) => [...keys]))].sort();
}

class ServiceComparison {
  readonly findings: Finding[] = [];
  private readonly compose: Readonly<Record<string, string>>;
  private readonly aws: AwsServiceConfiguration;

  constructor(
    private readonly service: string,
    input: EffectiveConfigurationInput,
    private readonly classify: (key: string) => ConfigurationKeyClass,
    private readonly defaults: Readonly<Record<string, string>>,
    private readonly secrets: readonly string[],
  ) {
    this.compose = input.compose[service] ?? {};
    this.aws = input.aws[service] ?? { environment: {}, secrets: {} };
  }

  run(): void {
    this.secretReferences();
    this.environmentSecrets();
    this.keys();
    this.connections();
  }

  /** The aws side's effective value: environment, overridden by a resolved secret (as ECS injects them). */
  private awsValue(key: string): string | undefined {
    return this.aws.secrets[key]?.value ?? this.aws.environment[key];
  }

  private awsHas(key: string): boolean {
    return key in this.aws.environment || key in this.aws.secrets;
  }

  private add(code: Finding['code'], key: string, compose: string | null, aws: string | null, explanation: string) {
    this.findings.push(
      finding({
        code,
        subject: `${this.service}/${key}`,
        compose: redactUrlPassword(compose),
        aws: redactUrlPassword(aws),
        explanation,
      }),
    );
  }

  private secretReferences(): void {
    for (const [key, entry] of Object.entries(this.aws.secrets).sort(byKey)) {
      if (entry.value !== undefined && entry.error === undefined) continue;
      const jsonKey = jsonKeyOf(entry.valueFrom);
      this.add(
        'SECRET_UNRESOLVED',
        key,
        this.compose[key] ?? null,
        entry.valueFrom,
        `${key} comes from ${entry.valueFrom}${jsonKey === undefined ? '' : ` (JSON key "${jsonKey}")`}, ` +
          `which does not resolve: ${entry.error ?? 'no value'}; ECS would not start the task`,
      );
    }
  }

  private environmentSecrets(): void {
    for (const [key, value] of Object.entries(this.aws.environment).sort(byKey)) {
      const keyClass = this.classify(key);
      const compose = this.compose[key] ?? null;
      if (keyClass.kind === 'secret') {
        this.add(
          'SECRET_IN_ENVIRONMENT',
          key,
          compose,
          SECRET_MASK,
          `${key} is a secret (rule ${keyClass.rule}) but is set in the task's plain environment; use secrets[].valueFrom`,
        );
        continue;
      }
      const known = this.secrets.find(
        (secret) => secret === value || (secret.length >= MIN_EMBEDDED_SECRET_LENGTH && value.includes(secret)),
      );
      if (known !== undefined) {
        this.add(
          'SECRET_IN_ENVIRONMENT',
          key,
          compose,
          value,
          `the task's plain environment value of ${key} carries a known secret value`,
        );
        continue;
      }
      if (urlPassword(value) !== undefined) {
        this.add(
          'SECRET_IN_ENVIRONMENT',
          key,
          compose,
          value,
          `${key} embeds a password in its URL in the task's plain environment; pass it through secrets[]`,
        );
      }
    }
  }

  private keys(): void {
    for (const key of sortedUnion(
      Object.keys(this.compose),
      Object.keys(this.aws.environment),
      Object.keys(this.aws.secrets),
    )) {
      const keyClass = this.classify(key);
      if (keyClass.connection !== undefined || keyClass.oneSided) continue;
      const inCompose = key in this.compose;
      const inAws = this.awsHas(key);
      if (keyClass.kind === 'secret') {
        if (inCompose !== inAws)
          this.missing(key, keyClass, inCompose ? SECRET_MASK : null, inAws ? SECRET_MASK : null);
        continue;
      }
      const compose = this.compose[key] ?? this.defaults[key];
      // An unresolved secret was reported already; comparing its absent value would report it twice.
      if (inAws && this.awsValue(key) === undefined) continue;
      const aws = this.awsValue(key) ?? this.defaults[key];
      if (compose === undefined || aws === undefined) {
        this.missing(key, keyClass, compose ?? null, aws ?? null);
      } else if (compose !== aws) {
        const defaulted = !inCompose ? ' (compose: default)' : !inAws ? ' (aws: default)' : '';
        this.add(
          'CONFIG_DRIFT',
          key,
          compose,
          aws,
          `setting ${key} differs${defaulted}; only connection values may differ`,
        );
      }
    }
  }

  private missing(key: string, keyClass: ConfigurationKeyClass, compose: string | null, aws: string | null): void {
    const side = compose === null ? 'compose' : 'aws';
    this.add('KEY_MISSING', key, compose, aws, `${keyClass.kind} ${key} is not set in ${side} (rule ${keyClass.rule})`);
  }

  /** A connection (database, broker, cache, listen address, ...) must exist on both sides, however each spells it. */
  private connections(): void {
    const keysOf = (keys: Iterable<string>) => {
      const byConnection = new Map<string, string[]>();
      for (const key of keys) {
        const keyClass = this.classify(key);
        if (keyClass.connection === undefined || keyClass.oneSided) continue;
        byConnection.set(keyClass.connection, [...(byConnection.get(keyClass.connection) ?? []), key]);
      }
      return byConnection;
    };
    const compose = keysOf(Object.keys(this.compose));
    const aws = keysOf(sortedUnion(Object.keys(this.aws.environment), Object.keys(this.aws.secrets)));
    // A login without an address (REDIS_AUTH_TOKEN, no REDIS_URL) reaches nothing: it does not make a connection.
    const addressed = (keys: readonly string[] | undefined) =>
      keys?.some((key) => this.classify(key).kind === 'connection' && this.classify(key).rule !== 'connection-login') ??
      false;
    for (const connection of sortedUnion(compose.keys(), aws.keys())) {
      const composeKeys = compose.get(connection);
      const awsKeys = aws.get(connection);
      if (addressed(composeKeys) === addressed(awsKeys)) continue;
      const side = addressed(composeKeys) ? 'aws' : 'compose';
      const keys = [...(composeKeys ?? []), ...(awsKeys ?? [])];
      const subject = keys.includes(connection) ? connection : `${connection} connection`;
      this.add(
        'KEY_MISSING',
        subject,
        composeKeys?.join(', ') ?? null,
        awsKeys?.join(', ') ?? null,
        `the ${connection} connection is configured in one profile only (keys shown), not in ${side}`,
      );
    }
  }
}

/**
 * Compares each service's effective configuration in the two profiles, key by key, as
 * {@link classifyConfigurationKey} classes them: connection values may differ (but each connection
 * must exist on both sides), secrets must come from `secrets` and resolve, settings must be equal.
 * Services present on one side only are the shape check's concern and are not compared here.
 * Every finding is masked with every secret value seen on either side.
 */
export function compareEffectiveConfiguration(
  input: EffectiveConfigurationInput,
  options: EffectiveConfigurationOptions = {},
): Finding[] {
  const classify = options.classify ?? classifyConfigurationKey;
  const services = Object.keys(input.compose)
    .filter((service) => service in input.aws)
    .sort();
  const secrets = new Set(options.knownSecrets ?? []);
  for (const service of services) {
    for (const [key, value] of Object.entries(input.compose[service] ?? {}))
      if (classify(key).kind === 'secret') secrets.add(value);
    const aws = input.aws[service];
    for (const [key, entry] of Object.entries(aws?.secrets ?? {}))
      if (entry.value !== undefined && classify(key).kind === 'secret') secrets.add(entry.value);
    for (const [key, value] of Object.entries(aws?.environment ?? {}))
      if (classify(key).kind === 'secret') secrets.add(value);
  }
  secrets.delete('');
  const known = [...secrets];
  return services.flatMap((service) => {
    const comparison = new ServiceComparison(service, input, classify, options.defaults?.[service] ?? {}, known);
    comparison.run();
    return comparison.findings.map((item) => maskFinding({ ...item, check: EFFECTIVE_CONFIGURATION_CHECK }, known));
  });
}
