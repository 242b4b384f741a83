import type { BuildAppProps } from './build-app.ts';

/** Reads one context value; the CDK CLI hands `-c key=value` over as strings. */
export type ContextReader = (key: string) => unknown;

type Kind = 'string' | 'number' | 'boolean' | 'list';

/** Context keys that map onto {@link BuildAppProps}, with the type each is parsed as. */
const KEYS: Readonly<Record<string, Kind>> = {
  stackName: 'string',
  certificateArn: 'string',
  availabilityZones: 'list',
  environmentName: 'string',
  imageTag: 'string',
  repositoryPrefix: 'string',
  vpcCidr: 'string',
  natGateways: 'number',
  databaseInstanceType: 'string',
  databaseAllocatedStorageGiB: 'number',
  databaseBackupRetentionDays: 'number',
  deletionProtection: 'boolean',
  brokerDeploymentMode: 'string',
  brokerInstanceType: 'string',
  brokerEngineVersion: 'string',
  cacheNodeType: 'string',
  cacheNodeCount: 'number',
  authRateLimitPerMinute: 'number',
  serviceCpu: 'number',
  serviceMemoryLimitMiB: 'number',
  serviceDesiredCount: 'number',
  serviceMinCapacity: 'number',
  serviceMaxCapacity: 'number',
  logRetentionDays: 'number',
  jwtKeyId: 'string',
  jwtIssuer: 'string',
  jwtAudience: 'string',
  logLevel: 'string',
  busNamespace: 'string',
  amqpQueueType: 'string',
  demoUsername: 'string',
  databaseCaBundlePath: 'string',
  apiDomainName: 'string',
  accessLogs: 'boolean',
  webAclArn: 'string',
  sourceConnectionArn: 'string',
  sourceRepository: 'string',
  sourceBranch: 'string',
};

function parse(key: string, kind: Kind, raw: unknown): unknown {
  if (kind === 'string') {
    if (typeof raw !== 'string' || raw === '') throw new Error(`context '${key}' must be a non-empty string`);
    return raw;
  }
  if (kind === 'number') {
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (typeof raw === 'boolean' || raw === '' || !Number.isFinite(value)) {
      throw new Error(`context '${key}' must be a number, got '${String(raw)}'`);
    }
    return value;
  }
  if (kind === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new Error(`context '${key}' must be true or false, got '${String(raw)}'`);
  }
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  const items = list.map((item) => String(item).trim()).filter((item) => item !== '');
  if (items.length === 0) throw new Error(`context '${key}' must be a comma-separated list`);
  return items;
}

/**
 * Builds the app props from CDK context (`cdk.json`, `-c key=value`) and the environment:
 * `account` from context or `CDK_DEFAULT_ACCOUNT`, `region` from context or `CDK_DEFAULT_REGION`,
 * `imageTag` from context or `IMAGE_TAG`. Throws naming the key that is missing or malformed.
 */
export function propsFromContext(read: ContextReader, env: NodeJS.ProcessEnv = process.env): BuildAppProps {
  const account = read('account') ?? env.CDK_DEFAULT_ACCOUNT;
  const region = read('region') ?? env.CDK_DEFAULT_REGION;
  if (account === undefined) throw new Error("context 'account' (or CDK_DEFAULT_ACCOUNT) is required");
  if (region === undefined) throw new Error("context 'region' (or CDK_DEFAULT_REGION) is required");
  if (read('certificateArn') === undefined) throw new Error("context 'certificateArn' is required");

  const props: Record<string, unknown> = {
    account: parse('account', 'string', String(account)),
    region: parse('region', 'string', region),
  };
  for (const [key, kind] of Object.entries(KEYS)) {
    const raw = read(key) ?? (key === 'imageTag' ? env.IMAGE_TAG : undefined);
    if (raw !== undefined) props[key] = parse(key, kind, raw);
  }
  return props as unknown as BuildAppProps;
}
