/**
 * What a configuration key is, for the parity of effective configuration:
 * - `connection`: where and how to reach something (URL, host, port, TLS, connection login). It may
 *   differ between the profiles: that is the migration.
 * - `secret`: must reach an ECS task through `secrets` (Secrets Manager / SSM), never through
 *   `environment`; its value may differ (compose carries development defaults) and is never shown.
 * - `setting`: behaviour. It must be the same in both profiles.
 */
export type ConfigurationKeyKind = 'connection' | 'secret' | 'setting';

export interface ConfigurationKeyClass {
  readonly kind: ConfigurationKeyKind;
  /**
   * Which connection the key is part of (`database`, `broker`, `cache`, `listen`, or the key itself).
   * The profiles may spell one connection with different keys (compose `DATABASE_URL`, ECS `DB_HOST`
   * + `DB_PORT` + ...), so presence is compared per connection, not per key. Secrets that are
   * connection credentials (`DB_PASSWORD`) belong to their connection too.
   */
  readonly connection?: string;
  /** Whether the key may be set on one side only (TLS trust exists on the managed side alone). */
  readonly oneSided?: boolean;
  /** The rule that decided, and why; shown in findings so a surprising class can be traced. */
  readonly rule: string;
  readonly reason: string;
}

export interface ConfigurationKeyRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly kind: ConfigurationKeyKind;
  readonly reason: string;
  /** Whether a key of this rule belongs to the connection named by its prefix. */
  readonly partOfConnection: boolean;
  /** Keys of this rule may be set on one side only. */
  readonly oneSided?: boolean;
}

/** Key prefixes naming the connection a key belongs to (docs/configuration.md). */
const CONNECTION_PREFIXES: readonly { readonly pattern: RegExp; readonly connection: string }[] = [
  { pattern: /^(DATABASE|DB)_/, connection: 'database' },
  { pattern: /^AMQP_/, connection: 'broker' },
  { pattern: /^REDIS_/, connection: 'cache' },
  { pattern: /^(HOST|PORT|NGINX_PORT)$/, connection: 'listen' },
];

/**
 * The rules, first match wins; a key no rule matches is a setting. Order matters: secrets come
 * first so that `REDIS_AUTH_TOKEN` is a secret and not a cache connection value.
 */
export const CONFIGURATION_KEY_RULES: readonly ConfigurationKeyRule[] = [
  {
    name: 'password',
    pattern: /PASSWORD|PASSWD|(^|_)PASS$/,
    kind: 'secret',
    partOfConnection: true,
    reason: 'a password is a credential: Secrets Manager in AWS, never plain task environment',
  },
  {
    name: 'secret',
    pattern: /SECRET|CREDENTIAL/,
    kind: 'secret',
    partOfConnection: true,
    reason: 'named a secret or credential',
  },
  {
    name: 'token',
    pattern: /(^|_)TOKEN(_|$)/,
    kind: 'secret',
    partOfConnection: true,
    reason: 'a token authenticates (e.g. the ElastiCache AUTH token)',
  },
  {
    name: 'key-material',
    pattern: /(^|_)(SIGNING|PRIVATE|API|ACCESS|ENCRYPTION)_KEY$/,
    kind: 'secret',
    partOfConnection: false,
    reason: 'key material (JWT_SIGNING_KEY, JWT_PREVIOUS_SIGNING_KEY): whoever has it can mint tokens',
  },
  {
    name: 'listen-address',
    pattern: /^(HOST|PORT|NGINX_PORT)$/,
    kind: 'connection',
    partOfConnection: true,
    reason: 'where the process listens; the platform assigns it (ECS sets PORT from the container port)',
  },
  {
    name: 'connection-login',
    pattern: /^(DATABASE|DB|AMQP|REDIS)_USER(NAME)?$/,
    kind: 'connection',
    partOfConnection: true,
    reason: 'the login of a connection; the managed side has its own (RDS and MQ users from their secrets)',
  },
  {
    name: 'endpoint',
    pattern: /_(URL|URI|HOST|PORT|ENDPOINT|UPSTREAM)$/,
    kind: 'connection',
    partOfConnection: true,
    reason: 'an endpoint: managed services have other hosts, ports and schemes',
  },
  {
    name: 'database-name',
    pattern: /^DB_NAME$/,
    kind: 'connection',
    partOfConnection: true,
    reason: "part of the database endpoint (compose's DATABASE_URL carries it in its path)",
  },
  {
    name: 'tls',
    pattern: /SSLMODE|_SSL_|_TLS|(^|_)CA_|ROOT_CERT|^NODE_EXTRA_CA_CERTS$/,
    kind: 'connection',
    partOfConnection: true,
    oneSided: true,
    reason: 'TLS mode and trust: TLS is required on the managed side only',
  },
];

const SETTING: Omit<ConfigurationKeyClass, 'connection'> = {
  kind: 'setting',
  rule: 'setting',
  reason: 'no rule names it a connection value or a secret, so it is behaviour and must match',
};

/** The connection a key belongs to: its prefix's, else the key itself. */
function connectionOf(key: string): string {
  return CONNECTION_PREFIXES.find((prefix) => prefix.pattern.test(key))?.connection ?? key;
}

/** Classifies a key by {@link CONFIGURATION_KEY_RULES}. */
export function classifyConfigurationKey(key: string): ConfigurationKeyClass {
  const rule = CONFIGURATION_KEY_RULES.find((candidate) => candidate.pattern.test(key));
  if (!rule) return SETTING;
  const base = { kind: rule.kind, rule: rule.name, reason: rule.reason, ...(rule.oneSided ? { oneSided: true } : {}) };
  if (!rule.partOfConnection) return base;
  // A secret with no connection prefix (DEMO_PASSWORD) is compared on its own, not as a connection.
  const connection = connectionOf(key);
  if (rule.kind === 'secret' && connection === key) return base;
  return { ...base, connection };
}
